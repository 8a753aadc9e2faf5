package org.flowmatch4j.tasks.perturbation;

import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.Finite;
import org.flowmatch4j.data.preprocess.Pca;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.tensor.Matrix;

/**
 * The space the flow works in: every cell's coordinates (n x k) and the affine decoder back to
 * genes. Made either by a PCA fitted on the training cells only (so nothing of the held-out cells
 * shapes the space) or from an embedding already in the file (an {@code obsm} key), with a
 * least-squares decoder fitted on the training cells.
 *
 * @param z coordinates of every cell, n x k
 * @param key the obsm key predictions are written under ({@code X_pca} for a PCA)
 * @param description a one-line account
 * @param decoder back to genes
 */
public record Embedding(Matrix z, String key, String description, LinearDecoder decoder) {

  /** Embedding dimensions. */
  public int dim() {
    return z.cols;
  }

  /**
   * The first k principal components of the training cells' X (scikit-learn's convention; exact
   * for up to 1000 cells or genes, else randomized with seed 0), applied to every cell.
   */
  public static Embedding pca(DataMatrix x, int[] train, int k) {
    int max = Math.min(train.length, x.cols());
    if (k < 1 || k > max) {
      throw new InvalidSettingException("{embedding} pca:" + k + ": K must be in [1, " + max
          + "] (the training cells and genes)");
    }
    Finite.require(x, "X"); // every cell is embedded, and a bad one is named by its row in the file
    Pca pca = Pca.fit(x.selectRows(train), k, Pca.Solver.AUTO, 0);
    Matrix z = pca.transform(x);
    double explained = 0;
    for (double r : pca.varianceRatio()) {
      explained += r;
    }
    return new Embedding(z, "X_pca", String.format(java.util.Locale.ROOT,
        "PCA with %d components fitted on the %d training cells (%.1f%% of their variance)", k, train.length,
        100 * explained), LinearDecoder.of(pca));
  }

  /** An embedding from the file, with a linear decoder fitted on the training cells. */
  public static Embedding given(Matrix z, String key, DataMatrix x, int[] train) {
    Finite.require(z, "obsm/" + key);
    if (z.rows != x.rows()) {
      throw new IllegalArgumentException("obsm/" + key + " has " + z.rows + " rows for " + x.rows() + " cells");
    }
    LinearDecoder dec = LinearDecoder.leastSquares(z.rows(train), x.selectRows(train));
    return new Embedding(z, key, "obsm/" + key + " (" + z.cols + " dimensions; decoded to genes by least squares "
        + "on the " + train.length + " training cells)", dec);
  }

  /**
   * Parses {@code pca:K}; returns K, or -1 when the value names an obsm key instead.
   */
  public static int parsePcs(String spec) {
    if (!spec.startsWith("pca:")) {
      return -1;
    }
    try {
      int k = Integer.parseInt(spec.substring(4).strip());
      if (k >= 1) {
        return k;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidSettingException("{embedding} pca:K needs a positive integer K, got " + spec);
  }
}
