package org.flowmatch4j.fm.path;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GaussianConversionsTest {
  static Stream<Scheduler> schedulers() {
    return Stream.of(new CondOtScheduler(), new CosineScheduler(), VpScheduler.standard(), new PolynomialScheduler(2));
  }

  private static Matrix random(SplittableRandom rng, int n, int d) {
    Matrix m = new Matrix(n, d);
    for (int k = 0; k < m.data.length; k++) {
      m.data[k] = (float) rng.nextGaussian();
    }
    return m;
  }

  @ParameterizedTest
  @MethodSource("schedulers")
  void knownPairIsRecoveredFromEveryParameterisation(Scheduler s) {
    SplittableRandom rng = new SplittableRandom(7);
    Matrix x1 = random(rng, 5, 2), eps = random(rng, 5, 2);
    for (double t : new double[] {0.2, 0.5, 0.8}) {
      Matrix x = new Matrix(5, 2);
      Matrix v = new Matrix(5, 2);
      Matrix score = new Matrix(5, 2);
      for (int k = 0; k < x.data.length; k++) {
        x.data[k] = (float) (s.alpha(t) * x1.data[k] + s.sigma(t) * eps.data[k]);
        v.data[k] = (float) (s.dAlpha(t) * x1.data[k] + s.dSigma(t) * eps.data[k]);
        score.data[k] = (float) (-eps.data[k] / s.sigma(t));
      }
      Matrix[] truth = {v, x1, eps, score};
      Prediction[] kinds = Prediction.values();
      for (int a = 0; a < kinds.length; a++) {
        for (int b = 0; b < kinds.length; b++) {
          Matrix out = new Matrix(5, 2);
          GaussianConversions.convert(s, kinds[a], kinds[b], x, t, truth[a], out);
          for (int k = 0; k < out.data.length; k++) {
            double want = truth[b].data[k];
            assertEquals(want, out.data[k], 2e-3 * Math.max(1, Math.abs(want)),
                s + " " + kinds[a] + "->" + kinds[b] + " at t=" + t);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("schedulers")
  void roundTripsReturnTheInput(Scheduler s) {
    SplittableRandom rng = new SplittableRandom(8);
    Matrix x = random(rng, 4, 3), p = random(rng, 4, 3);
    for (Prediction a : Prediction.values()) {
      for (Prediction b : Prediction.values()) {
        Matrix mid = new Matrix(4, 3), back = new Matrix(4, 3);
        GaussianConversions.convert(s, a, b, x, 0.4, p, mid);
        GaussianConversions.convert(s, b, a, x, 0.4, mid, back);
        for (int k = 0; k < p.data.length; k++) {
          assertEquals(p.data[k], back.data[k], 1e-3 * Math.max(1, Math.abs(p.data[k])), a + "->" + b + "->" + a);
        }
      }
    }
  }

  /** For the VP path the velocity is (beta / 2) (x + score): the probability-flow ODE of the VP-SDE. */
  @ParameterizedTest
  @MethodSource("times")
  void vpVelocityIsHalfBetaTimesPointPlusScore(double t) {
    VpScheduler vp = VpScheduler.standard();
    double[] ab = new double[2];
    GaussianConversions.coefficients(vp, Prediction.SCORE, Prediction.VELOCITY, t, ab);
    assertEquals(0.5 * vp.beta(t), ab[0], 1e-9 * vp.beta(t));
    assertEquals(0.5 * vp.beta(t), ab[1], 1e-9 * vp.beta(t));
  }

  static Stream<Double> times() {
    return Stream.of(0.0, 0.3, 0.9, 0.999);
  }

  /** The coefficients compose: converting a -> b -> c equals a -> c, and a -> a is the identity. */
  @ParameterizedTest
  @MethodSource("schedulers")
  void coefficientsCompose(Scheduler s) {
    double t = 0.45;
    for (Prediction a : Prediction.values()) {
      for (Prediction b : Prediction.values()) {
        for (Prediction c : Prediction.values()) {
          double[] ab = new double[2];
          double[] bc = new double[2];
          double[] ac = new double[2];
          GaussianConversions.coefficients(s, a, b, t, ab);
          GaussianConversions.coefficients(s, b, c, t, bc);
          GaussianConversions.coefficients(s, a, c, t, ac);
          // c = bc0 x + bc1 (ab0 x + ab1 p)
          assertEquals(ac[0], bc[0] + bc[1] * ab[0], 1e-9 * Math.max(1, Math.abs(ac[0])), a + "->" + b + "->" + c);
          assertEquals(ac[1], bc[1] * ab[1], 1e-9 * Math.max(1, Math.abs(ac[1])), a + "->" + b + "->" + c);
        }
        if (a == b) {
          double[] id = new double[2];
          GaussianConversions.coefficients(s, a, a, t, id);
          assertEquals(0, id[0]);
          assertEquals(1, id[1]);
        }
      }
    }
  }
}
