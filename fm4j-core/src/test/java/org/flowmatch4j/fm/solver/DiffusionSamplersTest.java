package org.flowmatch4j.fm.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.flowmatch4j.fm.MlpField;
import org.flowmatch4j.fm.VectorField;
import org.flowmatch4j.fm.path.CondOtScheduler;
import org.flowmatch4j.fm.path.Prediction;
import org.flowmatch4j.fm.path.Scheduler;
import org.flowmatch4j.fm.path.VpScheduler;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/**
 * DDIM and the reverse-time SDE of variance-preserving diffusion on Gaussian data N(mu, s^2 I),
 * whose posterior means, score and probability-flow ODE are known in closed form:
 *
 * <pre>
 *   x_t ~ N(alpha mu, V I),  V = alpha^2 s^2 + sigma^2
 *   E[x1 | x_t] = mu + alpha s^2 (x - alpha mu) / V,   score = -(x - alpha mu) / V
 *   ODE flow:   x_t = alpha_t mu + sqrt(V_t / V_0) (x_0 - alpha_0 mu)
 * </pre>
 */
class DiffusionSamplersTest {
  private static final VpScheduler VP = VpScheduler.standard();
  private static final double[] MU = {1.5, -0.5};
  private static final double S = 0.6;

  private static double variance(Scheduler sch, double t) {
    double a = sch.alpha(t);
    double g = sch.sigma(t);
    return a * a * S * S + g * g;
  }

  /** E[x1 | x_t] for Gaussian data. */
  private static VectorField x1hat(Scheduler sch) {
    return (x, t, out) -> {
      double a = sch.alpha(t);
      double gain = a * S * S / variance(sch, t);
      for (int k = 0; k < x.data.length; k++) {
        double m = MU[k % 2];
        out.data[k] = (float) (m + gain * (x.data[k] - a * m));
      }
    };
  }

  private static VectorField score(Scheduler sch) {
    return (x, t, out) -> {
      double a = sch.alpha(t);
      double var = variance(sch, t);
      for (int k = 0; k < x.data.length; k++) {
        out.data[k] = (float) (-(x.data[k] - a * MU[k % 2]) / var);
      }
    };
  }

  /** The probability-flow velocity (beta/2)(x + score) of the VP path. */
  private static VectorField velocity() {
    VectorField s = score(VP);
    return (x, t, out) -> {
      s.eval(x, t, out);
      double half = 0.5 * VP.beta(t);
      for (int k = 0; k < x.data.length; k++) {
        out.data[k] = (float) (half * (x.data[k] + out.data[k]));
      }
    };
  }

  private static Matrix noise(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Matrix m = new Matrix(n, 2);
    for (int k = 0; k < m.data.length; k++) {
      m.data[k] = (float) r.nextGaussian();
    }
    return m;
  }

  private static double odeError(Matrix x0, Matrix x1, double t1) {
    double scale = Math.sqrt(variance(VP, t1) / variance(VP, 0));
    double max = 0;
    for (int k = 0; k < x0.data.length; k++) {
      double m = MU[k % 2];
      double want = VP.alpha(t1) * m + scale * (x0.data[k] - VP.alpha(0) * m);
      max = Math.max(max, Math.abs(want - x1.data[k]));
    }
    return max;
  }

  @Test
  void ddimConvergesToTheProbabilityFlowAtFirstOrder() {
    Matrix x0 = noise(200, 1);
    double t1 = 0.999;
    double previous = Double.NaN;
    for (int steps : new int[] {25, 50, 100, 200}) {
      OdeSolution sol = new Ddim(steps).integrate(x1hat(VP), VP, x0, 0, t1, null);
      assertEquals(steps, sol.nfe());
      double err = odeError(x0, sol.x(), t1);
      if (!Double.isNaN(previous)) {
        double order = Math.log(previous / err) / Math.log(2);
        assertTrue(order > 0.8 && order < 1.3, "observed order " + order + " at " + steps + " steps");
      }
      previous = err;
    }
    assertTrue(previous < 0.05, "error at 200 steps " + previous);
  }

  @Test
  void ddimIsExactForASinglePoint() {
    // data = delta(mu): x1hat = mu everywhere, and DDIM follows x_t = alpha_t mu + sigma_t eps exactly
    VectorField point = (x, t, out) -> {
      for (int k = 0; k < x.data.length; k++) {
        out.data[k] = (float) MU[k % 2];
      }
    };
    Matrix x0 = noise(10, 2);
    OdeSolution sol = new Ddim(3).integrate(point, VP, x0, 0, 1, new double[] {0.0, 1.0 / 3, 1.0});
    for (int k = 0; k < x0.data.length; k++) {
      assertEquals(MU[k % 2], sol.x().data[k], 1e-5);
      double eps = (x0.data[k] - VP.alpha(0) * MU[k % 2]) / VP.sigma(0);
      double third = VP.alpha(1.0 / 3) * MU[k % 2] + VP.sigma(1.0 / 3) * eps;
      assertEquals(third, sol.states().get(1).data[k], 1e-5);
    }
  }

  @Test
  void ddimOnTheStraightPathIsEulersMethod() {
    Mlp net = new Mlp(MlpConfig.velocity(2, 16, 2, Activation.SELU, 4));
    CondOtScheduler straight = new CondOtScheduler();
    Matrix x0 = noise(30, 3);
    Matrix ddim = new Ddim(7).integrate(MlpField.converted(net, straight, Prediction.VELOCITY, Prediction.X1), straight, x0, 0, 1, null).x();
    Matrix euler = new FixedStepSolver(FixedStepMethod.EULER, 7).integrate(MlpField.of(net), x0, 0, 1).x();
    for (int k = 0; k < ddim.data.length; k++) {
      assertEquals(euler.data[k], ddim.data[k], 1e-5 * Math.max(1, Math.abs(euler.data[k])));
    }
  }

  /**
   * Euler-Maruyama on the reverse-time SDE dx = (v + g^2/2 score) dt + g dW with g(t)^2 = beta(1 -
   * t) carries N(0, I)-ish noise to the data law N(mu, s^2 I).
   */
  @Test
  void reverseSdeSamplesTheDataLaw() {
    int n = 20_000;
    DoubleUnaryOperator g = t -> Math.sqrt(VP.beta(t));
    VectorField drift = EulerMaruyama.scoreCorrectedDrift(velocity(), score(VP), g);
    Matrix x0 = noise(n, 4);
    for (int k = 0; k < x0.data.length; k++) {
      x0.data[k] = (float) (VP.alpha(0) * MU[k % 2] + Math.sqrt(variance(VP, 0)) * x0.data[k]);
    }
    OdeSolution sol = new EulerMaruyama(500).integrate(drift, g, x0, 0, 0.999, new SplittableRandom(5), null);
    for (int j = 0; j < 2; j++) {
      double mean = 0;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        double v = sol.x().data[2 * i + j];
        mean += v / n;
        sq += v * v / n;
      }
      double var = sq - mean * mean;
      assertEquals(MU[j], mean, 0.03, "mean of coordinate " + j);
      assertEquals(variance(VP, 0.999), var, 0.03, "variance of coordinate " + j);
    }
  }

  @Test
  void ddimRejectsBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Ddim(0));
    assertTrue(e.getMessage().contains("steps must be >= 1"), e.getMessage());
    IllegalStateException s = assertThrows(IllegalStateException.class,
        () -> new Ddim(2).integrate(x1hat(VP), VP, noise(2, 1), 1, 0, null));
    assertTrue(s.getMessage().contains("sigma > 0"), s.getMessage());
  }
}
