package org.flowmatch4j.tasks.perturbation;

import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.tensor.Matrix;

/** Which embedding the flow works in; built once the training cells are known. */
public sealed interface EmbeddingSpec {
  /** The embedding of every cell, with its decoder fitted on the training cells {@code train}. */
  Embedding build(DataMatrix x, int[] train);

  /** A PCA with k components fitted on the training cells. */
  static EmbeddingSpec pca(int k) {
    return new Pca(k);
  }

  /** The coordinates {@code z} (cells x k) stored under {@code obsm/key}. */
  static EmbeddingSpec obsm(String key, Matrix z) {
    return new Obsm(key, z);
  }

  /** See {@link #pca(int)}. */
  record Pca(int k) implements EmbeddingSpec {
    @Override
    public Embedding build(DataMatrix x, int[] train) {
      return Embedding.pca(x, train, k);
    }
  }

  /** See {@link #obsm(String, Matrix)}. */
  record Obsm(String key, Matrix z) implements EmbeddingSpec {
    @Override
    public Embedding build(DataMatrix x, int[] train) {
      return Embedding.given(z, key, x, train);
    }
  }
}
