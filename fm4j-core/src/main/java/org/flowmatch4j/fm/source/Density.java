package org.flowmatch4j.fm.source;

import org.flowmatch4j.tensor.Matrix;

/**
 * A distribution on R^d with a closed-form log-density, such as the source p0 of a continuous
 * normalising flow whose likelihood is computed by the change of variables.
 */
public interface Density {
  /** Dimension d. */
  int dim();

  /**
   * Writes {@code log p(x_i)} for every row of {@code x} (n x d) into {@code out} (length n), in
   * double precision. Not modified: x.
   */
  void logDensity(Matrix x, double[] out);

  /** Throws unless x has d columns and out has one entry per row. */
  default void requireShapes(Matrix x, double[] out) {
    if (x.cols != dim() || out.length != x.rows) {
      throw new IllegalArgumentException(
          "density of dimension " + dim() + ": got points " + x.rows + "x" + x.cols + " and an output of length "
              + out.length);
    }
  }
}
