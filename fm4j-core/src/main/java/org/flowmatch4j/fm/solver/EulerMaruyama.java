package org.flowmatch4j.fm.solver;

import java.util.function.DoubleUnaryOperator;
import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.VectorField;
import org.flowmatch4j.tensor.Matrix;

/**
 * The Euler-Maruyama scheme for {@code dx = f(x, t) dt + g(t) dW} on a fixed grid of
 * {@code steps} steps from t0 to t1 (either direction):
 *
 * <pre>  x' = x + h f(x, t) + g(t) sqrt(|h|) xi,   xi ~ N(0, I) </pre>
 *
 * For sampling a flow with a learned score the drift is {@code v + (g^2 / 2) score} (see {@link
 * #scoreCorrectedDrift}); with {@code g = 0} the scheme is Euler's method. Saved states between
 * grid points are interpolated linearly. NFE counts drift evaluations.
 */
public record EulerMaruyama(int steps) {
  /** Checks steps &gt;= 1. */
  public EulerMaruyama {
    if (steps < 1) {
      throw new IllegalArgumentException("Euler-Maruyama: steps must be >= 1, got " + steps);
    }
  }

  /**
   * Integrates from {@code x0} (n x d, not modified), drawing the Brownian increments from
   * {@code rng}.
   */
  public OdeSolution integrate(
      VectorField drift, DoubleUnaryOperator g, Matrix x0, double t0, double t1, RandomGenerator rng,
      double[] saveAt) {
    int n = x0.rows;
    int d = x0.cols;
    SaveSchedule save = new SaveSchedule(saveAt, t0, t1, n, d);
    Matrix x = x0.copy();
    Matrix f = new Matrix(n, d);
    Matrix prev = save.isEmpty() ? null : new Matrix(n, d);
    save.start(t0, x);
    double h = (t1 - t0) / steps;
    double sqrtH = Math.sqrt(Math.abs(h));
    float[] xs = x.data;
    for (int s = 0; s < steps; s++) {
      double t = t0 + s * h;
      double tNext = s == steps - 1 ? t1 : t0 + (s + 1) * h;
      if (prev != null) {
        System.arraycopy(xs, 0, prev.data, 0, xs.length);
      }
      drift.eval(x, t, f);
      float hf = (float) h;
      float noise = (float) (g.applyAsDouble(t) * sqrtH);
      float[] fs = f.data;
      if (noise == 0f) {
        for (int k = 0; k < xs.length; k++) {
          xs[k] += hf * fs[k];
        }
      } else {
        for (int k = 0; k < xs.length; k++) {
          xs[k] += hf * fs[k] + noise * (float) rng.nextGaussian();
        }
      }
      if (prev != null) {
        Matrix from = prev;
        save.step(t, tNext, (at, out) -> FixedStepSolver.lerp(from, x, (at - t) / (tNext - t), out), x);
      }
    }
    SaveSchedule.requireFinite(x, "euler-maruyama", t1);
    return new OdeSolution(x, steps, steps, 0, save.times(), save.states());
  }

  /**
   * The drift {@code v(x, t) + g(t)^2 / 2 * score(x, t)} of the SDE that has the same marginals as
   * the ODE of {@code v} when {@code score} is the score of those marginals. Keeps one n x d
   * buffer, reallocated only when the batch shape changes.
   */
  public static VectorField scoreCorrectedDrift(VectorField v, VectorField score, DoubleUnaryOperator g) {
    return new VectorField() {
      private Matrix buf = new Matrix(0, 0);

      @Override
      public void eval(Matrix x, double t, Matrix out) {
        if (buf.rows != x.rows || buf.cols != x.cols) {
          buf = new Matrix(x.rows, x.cols);
        }
        v.eval(x, t, out);
        score.eval(x, t, buf);
        double gt = g.applyAsDouble(t);
        float c = (float) (0.5 * gt * gt);
        for (int k = 0; k < out.data.length; k++) {
          out.data[k] += c * buf.data[k];
        }
      }
    };
  }
}
