package org.flowmatch4j.fm;

import org.flowmatch4j.tensor.Matrix;

/**
 * A vector field that also gives its Jacobian in x along directions and its exact divergence,
 * which a continuous normalising flow needs for its likelihood:
 *
 * <pre>
 *   jvp:         J u = (d v / d x)(x, t) u               one row per point and direction
 *   divergence:  div v(x, t) = tr J = sum_j d v_j / d x_j
 * </pre>
 */
public interface DifferentiableField extends VectorField {
  /**
   * Writes {@code v(x, t)} into {@code out} (n x d) and {@code J u} into {@code ju} for k stacked
   * directions {@code u} ((k n) x d: block b, row i is direction b at point i).
   *
   * <p>Not modified: x, u.
   */
  void jvp(Matrix x, double t, Matrix u, Matrix out, Matrix ju);

  /**
   * Writes {@code v(x, t)} into {@code out} (n x d) and the exact divergence into {@code div}
   * (n x 1).
   *
   * <p>Not modified: x.
   */
  void divergence(Matrix x, double t, Matrix out, Matrix div);
}
