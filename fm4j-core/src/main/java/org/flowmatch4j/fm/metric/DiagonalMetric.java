package org.flowmatch4j.fm.metric;

import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.nn.RowMap;
import org.flowmatch4j.tensor.Matrix;

/**
 * A diagonal Riemannian metric {@code G(x) = diag(g_1(x), ..., g_d(x))} on the cell space, given
 * as the {@link RowMap} {@code x -> (g_1(x), ..., g_d(x))} (n x d to n x d), so that the squared
 * length {@code ||u||^2_G(x) = sum_j g_j(x) u_j^2} of a velocity u at x can be differentiated with
 * respect to x on a tape. Metric flow matching bends paths into regions where G is small: near the
 * data.
 *
 * <p>Implementations do not change after fitting (beyond caches that never change a result) and are
 * safe to use from several threads.
 */
public interface DiagonalMetric extends RowMap {
  /** The dimension d of the cells. */
  int dim();

  @Override
  default int outputCols(int d) {
    if (d != dim()) {
      throw new IllegalArgumentException("the metric is for dimension " + dim() + ", got " + d + " columns");
    }
    return d;
  }

  /** Writes {@code g(x_i)} (n x d) for every row of x (n x d). */
  default Matrix evaluate(Matrix x) {
    Matrix g = new Matrix(x.rows, outputCols(x.cols));
    apply(x, 0, x.rows, g);
    return g;
  }

  /** Stores the fitted parameters as tensors of {@code section} and header keys {@code <section>.*}. */
  void save(Checkpoint ck, String section);

  /** A one-line description with the parameter values. */
  @Override
  String toString();
}
