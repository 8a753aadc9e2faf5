package org.flowmatch4j.tasks.trajectory;

import java.util.random.RandomGenerator;
import org.flowmatch4j.tensor.Matrix;

/**
 * A simulated differentiation time course with known dynamics: a 2-D stochastic process in which
 * cells progress along the first axis at constant speed and split into two fates along the second
 * axis through a pitchfork bifurcation,
 *
 * <pre>
 *   dx = speed dt                                 + noise dW1
 *   dy = rate (mu(x) y - y^3) dt                  + noise dW2,    mu(x) = x - threshold
 * </pre>
 *
 * starting from {@code (x, y) ~ N(0, startStd^2 I)}. Before the threshold the branch y = 0 is
 * stable; after it cells fall towards {@code y = +-sqrt(x - threshold)}. Snapshots are independent
 * draws at each time (a measurement destroys the cell), simulated by Euler-Maruyama with a fine
 * step.
 *
 * @param speed drift along x
 * @param rate strength of the bifurcating drift along y
 * @param threshold the x at which the fates split
 * @param noise diffusion coefficient of both coordinates
 * @param startStd standard deviation of the starting population
 * @param dt simulation step
 */
public record BifurcationProcess(
    double speed, double rate, double threshold, double noise, double startStd, double dt) {

  /** The demo's process: speed 1, rate 2, threshold 1, noise 0.03, start std 0.2, dt 0.005. */
  public static BifurcationProcess demo() {
    return new BifurcationProcess(1.0, 2.0, 1.0, 0.03, 0.2, 0.005);
  }

  /** Dimension of the state. */
  public int dim() {
    return 2;
  }

  /** Writes the drift f(x) of every row of {@code x} (n x 2) into {@code out} (n x 2). */
  public void drift(Matrix x, Matrix out) {
    x.requireShape(x.rows, 2, "bifurcation state");
    out.requireShape(x.rows, 2, "bifurcation drift");
    for (int i = 0; i < x.rows; i++) {
      double px = x.data[2 * i];
      double py = x.data[2 * i + 1];
      out.data[2 * i] = (float) speed;
      out.data[2 * i + 1] = (float) (rate * ((px - threshold) * py - py * py * py));
    }
  }

  /** n independent cells observed at time {@code t >= 0}. */
  public Matrix sample(int n, double t, RandomGenerator rng) {
    if (n < 1 || !(t >= 0)) {
      throw new IllegalArgumentException("bifurcation process: need n >= 1 and t >= 0, got " + n + ", " + t);
    }
    Matrix x = new Matrix(n, 2);
    for (int k = 0; k < x.data.length; k++) {
      x.data[k] = (float) (startStd * rng.nextGaussian());
    }
    int steps = (int) Math.ceil(t / dt);
    if (steps == 0) {
      return x;
    }
    double h = t / steps;
    double sq = noise * Math.sqrt(h);
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < n; i++) {
        double px = x.data[2 * i];
        double py = x.data[2 * i + 1];
        double fy = rate * ((px - threshold) * py - py * py * py);
        x.data[2 * i] = (float) (px + h * speed + sq * rng.nextGaussian());
        x.data[2 * i + 1] = (float) (py + h * fy + sq * rng.nextGaussian());
      }
    }
    return x;
  }
}
