package org.flowmatch4j.fm.source;

import java.util.random.RandomGenerator;
import org.flowmatch4j.tensor.Matrix;

/**
 * The distribution p0 that a flow starts from: noise (Gaussian, a Gaussian mixture, counts) or
 * data (an earlier time point, control cells).
 */
public interface Source {
  /** Dimension d of a sample. */
  int dim();

  /**
   * Fills every row of {@code out} (n x d) with an independent sample, drawing randomness only
   * from {@code rng}.
   */
  void sample(RandomGenerator rng, Matrix out);

  /** A new n x d matrix of samples. */
  default Matrix sample(RandomGenerator rng, int n) {
    Matrix out = new Matrix(n, dim());
    sample(rng, out);
    return out;
  }

  /** Throws unless {@code out} has {@link #dim()} columns. */
  default void requireDim(Matrix out) {
    if (out.cols != dim()) {
      throw new IllegalArgumentException(
          "source of dimension " + dim() + " cannot fill a matrix with " + out.cols + " columns");
    }
  }
}
