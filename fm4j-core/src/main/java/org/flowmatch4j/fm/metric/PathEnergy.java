package org.flowmatch4j.fm.metric;

import org.flowmatch4j.fm.path.ProbPath;
import org.flowmatch4j.tensor.Matrix;

/**
 * The Euclidean length and the metric energy of the paths of a deterministic {@link ProbPath}
 * between coupled pairs, by the midpoint rule on {@code steps} equal intervals of t in [0, 1]:
 *
 * <pre>
 *   length = mean_i  sum_m |u_t(t_m)|         dt
 *   energy = mean_i  sum_m |u_t(t_m)|^2_G(x_t) dt,      t_m = (m + 1/2) dt, dt = 1 / steps
 * </pre>
 *
 * For the straight line the length is the mean of |x1 - x0| exactly.
 *
 * @param length mean Euclidean length
 * @param energy mean metric energy
 */
public record PathEnergy(double length, double energy) {
  /**
   * Measures the paths between the rows of x0 and x1 (n x d).
   *
   * @throws IllegalArgumentException if the path is stochastic or steps {@literal <} 1
   */
  public static PathEnergy measure(ProbPath path, DiagonalMetric g, Matrix x0, Matrix x1, int steps) {
    if (path.isStochastic()) {
      throw new IllegalArgumentException("path energy needs a deterministic path, got " + path);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("path energy needs >= 1 step, got " + steps);
    }
    int n = x0.rows;
    int d = x0.cols;
    Matrix xt = new Matrix(n, d);
    Matrix ut = new Matrix(n, d);
    Matrix gm = new Matrix(n, d);
    float[] t = new float[n];
    double dt = 1.0 / steps;
    double length = 0;
    double energy = 0;
    for (int m = 0; m < steps; m++) {
      java.util.Arrays.fill(t, (float) ((m + 0.5) * dt));
      path.sample(x0, x1, t, null, xt, ut);
      g.apply(xt, 0, n, gm);
      for (int i = 0; i < n; i++) {
        double s = 0;
        double e = 0;
        for (int j = 0; j < d; j++) {
          double u = ut.data[i * d + j];
          s += u * u;
          e += gm.data[i * d + j] * u * u;
        }
        length += Math.sqrt(s) * dt;
        energy += e * dt;
      }
    }
    return new PathEnergy(length / n, energy / n);
  }
}
