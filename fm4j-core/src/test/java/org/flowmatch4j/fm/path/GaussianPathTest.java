package org.flowmatch4j.fm.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GaussianPathTest {
  private static final int N = 7;
  private static final int D = 3;

  static Stream<GaussianPath> paths() {
    return Stream.of(
        GaussianPath.affine(new CondOtScheduler()),
        new GaussianPath(new CondOtScheduler(), NoiseSchedule.constant(0.3)),
        new GaussianPath(new CondOtScheduler(), NoiseSchedule.brownianBridge(0.7)),
        new GaussianPath(new CosineScheduler(), NoiseSchedule.constant(0.2)),
        GaussianPath.affine(new LipmanScheduler(0.05)),
        GaussianPath.affine(new PolynomialScheduler(2)),
        GaussianPath.affine(VpScheduler.standard()));
  }

  private static Matrix random(SplittableRandom rng) {
    Matrix m = new Matrix(N, D);
    for (int k = 0; k < m.data.length; k++) {
      m.data[k] = (float) rng.nextGaussian();
    }
    return m;
  }

  private static float[] constant(double t) {
    float[] ts = new float[N];
    java.util.Arrays.fill(ts, (float) t);
    return ts;
  }

  @ParameterizedTest
  @MethodSource("paths")
  void velocityIsTheTimeDerivativeOfThePoint(GaussianPath path) {
    SplittableRandom rng = new SplittableRandom(1);
    Matrix x0 = random(rng), x1 = random(rng), eps = random(rng);
    Matrix xa = new Matrix(N, D), xb = new Matrix(N, D), xt = new Matrix(N, D), ut = new Matrix(N, D);
    Matrix ignored = new Matrix(N, D);
    double h = 1e-3;
    for (double t = 0.1; t < 0.95; t += 0.2) {
      path.sample(x0, x1, constant(t), eps, xt, ut);
      path.sample(x0, x1, constant(t + h), eps, xb, ignored);
      path.sample(x0, x1, constant(t - h), eps, xa, ignored);
      for (int k = 0; k < ut.data.length; k++) {
        double fd = (xb.data[k] - xa.data[k]) / (2 * h);
        assertEquals(fd, ut.data[k], 2e-3 * Math.max(1, Math.abs(fd)), path + " at t=" + t);
      }
    }
  }

  @Test
  void deterministicStraightPathHitsTheEnds() {
    GaussianPath path = GaussianPath.affine(new CondOtScheduler());
    SplittableRandom rng = new SplittableRandom(2);
    Matrix x0 = random(rng), x1 = random(rng);
    Matrix xt = new Matrix(N, D), ut = new Matrix(N, D);
    path.sample(x0, x1, constant(0), null, xt, ut);
    assertEquals(x0, xt);
    path.sample(x0, x1, constant(1), null, xt, ut);
    assertEquals(x1, xt);
    for (int k = 0; k < ut.data.length; k++) {
      assertEquals(x1.data[k] - x0.data[k], ut.data[k], 1e-6);
    }
  }

  @Test
  void brownianBridgeVelocityIsTheSbCfmFormula() {
    double sigma = 0.5;
    GaussianPath path = new GaussianPath(new CondOtScheduler(), NoiseSchedule.brownianBridge(sigma));
    SplittableRandom rng = new SplittableRandom(3);
    Matrix x0 = random(rng), x1 = random(rng), eps = random(rng);
    Matrix xt = new Matrix(N, D), ut = new Matrix(N, D);
    double t = 0.3;
    path.sample(x0, x1, constant(t), eps, xt, ut);
    for (int k = 0; k < ut.data.length; k++) {
      double mu = (1 - t) * x0.data[k] + t * x1.data[k];
      assertEquals(mu + sigma * Math.sqrt(t * (1 - t)) * eps.data[k], xt.data[k], 1e-5);
      double expected = (1 - 2 * t) / (2 * t * (1 - t)) * (xt.data[k] - mu) + x1.data[k] - x0.data[k];
      assertEquals(expected, ut.data[k], 1e-5);
    }
    assertEquals(GaussianPath.T_EPS, path.tMin());
  }

  @Test
  void lipmanVelocityIsTheOriginalFormula() {
    double sigmaMin = 0.1;
    GaussianPath path = GaussianPath.affine(new LipmanScheduler(sigmaMin));
    SplittableRandom rng = new SplittableRandom(4);
    Matrix x0 = random(rng), x1 = random(rng);
    Matrix xt = new Matrix(N, D), ut = new Matrix(N, D);
    double t = 0.6;
    path.sample(x0, x1, constant(t), null, xt, ut);
    for (int k = 0; k < ut.data.length; k++) {
      double expected = (x1.data[k] - (1 - sigmaMin) * xt.data[k]) / (1 - (1 - sigmaMin) * t);
      assertEquals(expected, ut.data[k], 1e-5);
    }
  }

  @Test
  void constantNoisePathKeepsTheStraightVelocity() {
    GaussianPath path = new GaussianPath(new CondOtScheduler(), NoiseSchedule.constant(0.4));
    SplittableRandom rng = new SplittableRandom(5);
    Matrix x0 = random(rng), x1 = random(rng), eps = random(rng);
    Matrix xt = new Matrix(N, D), ut = new Matrix(N, D);
    path.sample(x0, x1, constant(0.25), eps, xt, ut);
    for (int k = 0; k < ut.data.length; k++) {
      assertEquals(x1.data[k] - x0.data[k], ut.data[k], 1e-6);
      assertEquals(0.75 * x0.data[k] + 0.25 * x1.data[k] + 0.4 * eps.data[k], xt.data[k], 1e-5);
    }
  }

  @Test
  void shapesAndMissingNoiseAreRejected() {
    GaussianPath noisy = new GaussianPath(new CondOtScheduler(), NoiseSchedule.constant(0.1));
    Matrix a = new Matrix(N, D), b = new Matrix(N, D + 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> noisy.sample(a, b, constant(0.5), a, a.copy(), a.copy()));
    assertEquals("x1: expected a 7x3 matrix, got 7x4", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> noisy.sample(a, a, constant(0.5), null, a.copy(), a.copy()));
    assertEquals("eps: a stochastic path needs noise", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> noisy.sample(a, a, new float[2], a, a.copy(), a.copy()));
    assertEquals("t: expected 7 times, got 2", e.getMessage());
  }
}
