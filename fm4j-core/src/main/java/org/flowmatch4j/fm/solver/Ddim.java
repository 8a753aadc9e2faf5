package org.flowmatch4j.fm.solver;

import org.flowmatch4j.fm.VectorField;
import org.flowmatch4j.fm.path.Scheduler;
import org.flowmatch4j.tensor.Matrix;

/**
 * The deterministic DDIM sampler (Song, Meng and Ermon 2021) on an affine Gaussian path {@code x_t
 * = alpha_t x1 + sigma_t eps}, on a grid of {@code steps} equal steps from t0 to t1: at each grid
 * time t the network's prediction gives the pair {@code (x1hat, epshat)} with {@code x = alpha_t
 * x1hat + sigma_t epshat}, and the step re-noises the clean estimate to the next time t':
 *
 * <pre>
 *   x' = alpha_t' x1hat + sigma_t' epshat
 *      = (sigma_t' / sigma_t) x + (alpha_t' - sigma_t' alpha_t / sigma_t) x1hat(x, t)
 * </pre>
 *
 * It is exact when x1hat is constant (a single data point) and a first-order method in general;
 * on the straight path (alpha = t, sigma = 1 - t) it is Euler's method on the velocity. One
 * evaluation per step (NFE = steps); {@code sigma_t} must be positive at every evaluation time
 * (so t0 &lt; t1 may end at t1 = 1). Saved states between grid points are interpolated linearly.
 */
public record Ddim(int steps) {
  /** Checks steps &gt;= 1. */
  public Ddim {
    if (steps < 1) {
      throw new IllegalArgumentException("DDIM: steps must be >= 1, got " + steps);
    }
  }

  /**
   * Integrates from {@code x0} (n x d, not modified) at t0 to t1 with the x1-prediction field
   * {@code x1hat} (an n x d clean-data estimate for each point).
   */
  public OdeSolution integrate(VectorField x1hat, Scheduler scheduler, Matrix x0, double t0, double t1, double[] saveAt) {
    int n = x0.rows;
    int d = x0.cols;
    SaveSchedule save = new SaveSchedule(saveAt, t0, t1, n, d);
    Matrix x = x0.copy();
    Matrix pred = new Matrix(n, d);
    Matrix prev = save.isEmpty() ? null : new Matrix(n, d);
    save.start(t0, x);
    double h = (t1 - t0) / steps;
    float[] xs = x.data;
    float[] ps = pred.data;
    for (int s = 0; s < steps; s++) {
      double t = t0 + s * h;
      double tNext = s == steps - 1 ? t1 : t0 + (s + 1) * h;
      double sigma = scheduler.sigma(t);
      if (!(sigma > 0)) {
        throw new IllegalStateException("DDIM: sigma is " + sigma + " at t = " + t + "; the step needs sigma > 0");
      }
      if (prev != null) {
        System.arraycopy(xs, 0, prev.data, 0, xs.length);
      }
      x1hat.eval(x, t, pred);
      double keep = scheduler.sigma(tNext) / sigma;
      float a = (float) keep;
      float b = (float) (scheduler.alpha(tNext) - keep * scheduler.alpha(t));
      for (int k = 0; k < xs.length; k++) {
        xs[k] = a * xs[k] + b * ps[k];
      }
      if (prev != null) {
        Matrix from = prev;
        save.step(t, tNext, (at, out) -> FixedStepSolver.lerp(from, x, (at - t) / (tNext - t), out), x);
      }
    }
    SaveSchedule.requireFinite(x, "ddim", t1);
    return new OdeSolution(x, steps, steps, 0, save.times(), save.states());
  }
}
