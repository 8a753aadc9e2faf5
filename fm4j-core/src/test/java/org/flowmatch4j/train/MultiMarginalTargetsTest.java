package org.flowmatch4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.coupling.IndependentCoupling;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.fm.path.ProbPath;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/**
 * The regression targets of multi-marginal flow matching are the derivative of the path point in
 * model time, {@code d x / d tau}, checked by central finite differences of the path itself. Each
 * time point holds one cell, so every pair (s, e) has known endpoints x0 = cell s and x1 = cell e;
 * the noise of a row is recovered from its x_t as {@code eps = (x_t - mu_t) / gamma_t} with mu_t the
 * path point without noise, and x is then moved along the path with that noise held fixed.
 */
class MultiMarginalTargetsTest {
  private static final int D = 3;
  private static final int N = 16;
  /** Unevenly spaced model times: the pair spans are 0.5, 1.5, 0.25 (and 1.75 when 1 is left out). */
  private static final double[] TIMES = {0, 0.5, 2, 2.25};

  private static Matrix[] cells() {
    SplittableRandom r = new SplittableRandom(7);
    Matrix[] snaps = new Matrix[TIMES.length];
    for (int k = 0; k < snaps.length; k++) {
      snaps[k] = new Matrix(1, D);
      for (int j = 0; j < D; j++) {
        snaps[k].data[j] = (float) (2 * r.nextGaussian());
      }
    }
    return snaps;
  }

  /** The path point at pair-local time t with the given noise (1 x D), in double. */
  private static double[] point(ProbPath path, Matrix x0, Matrix x1, double t, Matrix eps) {
    Matrix xt = new Matrix(1, D);
    path.sample(x0, x1, new float[] {(float) t}, eps, xt, new Matrix(1, D));
    double[] p = new double[D];
    for (int j = 0; j < D; j++) {
      p[j] = xt.data[j];
    }
    return p;
  }

  private static void checkTargets(ProbPath path, int[] train) {
    Matrix[] snaps = cells();
    Mlp net = new Mlp(MlpConfig.velocity(D, 8, 1, Activation.SELU, 1));
    MultiMarginalObjective obj =
        new MultiMarginalObjective("test", snaps, TIMES, train, Pairing.minibatch(IndependentCoupling::new), path, net, N);
    MultiMarginalObjective.Batch b = obj.newBatch();
    obj.prepare(Trainer.stepRandom(3, 0), b, null);
    assertEquals((train.length - 1) * N, b.xt.rows);
    double worst = 0;
    for (int slot = 0; slot < train.length - 1; slot++) {
      int s = train[b.pairIndex[slot]];
      int e = train[b.pairIndex[slot] + 1];
      double span = TIMES[e] - TIMES[s];
      for (int r = slot * N; r < (slot + 1) * N; r++) {
        double tau = b.tau.data[r];
        double t = (tau - TIMES[s]) / span;
        assertTrue(t >= path.tMin() - 1e-6 && t <= path.tMax() + 1e-6, "row " + r + ": tau " + tau
            + " outside pair (" + TIMES[s] + ", " + TIMES[e] + ")");
        Matrix eps = new Matrix(1, D);
        double gamma = path.noiseStd(t);
        if (gamma > 0) {
          double[] mu = point(path, snaps[s], snaps[e], t, new Matrix(1, D));
          for (int j = 0; j < D; j++) {
            eps.data[j] = (float) ((b.xt.get(r, j) - mu[j]) / gamma);
          }
        }
        double[] at = point(path, snaps[s], snaps[e], t, eps);
        // a step well inside (0, 1): the Brownian bridge's noise has a square-root kink at the ends
        double dt = Math.min(1e-3, 0.05 * Math.min(t, 1 - t));
        double[] ahead = point(path, snaps[s], snaps[e], t + dt, eps);
        double[] behind = point(path, snaps[s], snaps[e], t - dt, eps);
        for (int j = 0; j < D; j++) {
          assertEquals(at[j], b.xt.get(r, j), 1e-4, "x_t of row " + r);
          double fd = (ahead[j] - behind[j]) / (2 * dt * span);
          double err = Math.abs(fd - b.target.get(r, j)) / (1 + Math.abs(fd));
          worst = Math.max(worst, err);
        }
      }
    }
    assertTrue(worst < 2e-3, "largest relative gap between target and d x / d tau: " + worst);
  }

  @Test
  void deterministicPathTargetsAreTheModelTimeDerivative() {
    checkTargets(Matcher.ICFM.path(0), new int[] {0, 1, 2, 3});
  }

  @Test
  void constantNoiseTargetsAreTheModelTimeDerivative() {
    checkTargets(Matcher.ICFM.path(0.3), new int[] {0, 1, 2, 3});
  }

  @Test
  void brownianBridgeTargetsAreTheModelTimeDerivativeAcrossAHeldOutPoint() {
    checkTargets(Matcher.SBCFM.path(0.5), new int[] {0, 2, 3});
    checkTargets(Matcher.SBCFM.path(0.5), new int[] {0, 1, 3});
  }
}
