package org.flowmatch4j.nn;

import org.flowmatch4j.tensor.Matrix;

/**
 * A differentiable map applied to each row on its own, {@code y_i = f(x_i)} with x_i in R^d and
 * y_i in R^m, given by its value and its vector-Jacobian product. {@link Tape#rowMap} records it,
 * so that a function written outside the tape's own operations (for example a data-dependent
 * Riemannian metric) can sit inside a differentiable loss. The tape evaluates {@link #apply} and
 * {@link #vjp} on disjoint blocks of rows from several threads at once, so implementations must be
 * safe for that.
 */
public interface RowMap {
  /** The number of output columns m for {@code d} input columns. */
  int outputCols(int d);

  /**
   * Writes {@code y_i = f(x_i)} into rows {@code from .. to - 1} of {@code y} (n x m) from the same
   * rows of {@code x} (n x d). Not modified: x.
   */
  void apply(Matrix x, int from, int to, Matrix y);

  /**
   * Writes the vector-Jacobian product {@code gx_i = J_f(x_i)^T gy_i} into rows {@code from .. to -
   * 1} of {@code gx} (n x d), overwriting them. Not modified: x, gy.
   */
  void vjp(Matrix x, Matrix gy, int from, int to, Matrix gx);
}
