package org.flowmatch4j.fm.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.Parameter;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class GeodesicPathTest {
  private static final int N = 9;
  private static final int D = 3;

  static Matrix random(SplittableRandom rng, int r, int c) {
    Matrix m = new Matrix(r, c);
    for (int k = 0; k < m.data.length; k++) {
      m.data[k] = (float) rng.nextGaussian();
    }
    return m;
  }

  /** A phi (dimension 3) whose output layer is random too, so the path is visibly bent. */
  static Mlp bentPhi(Activation activation, long seed) {
    Mlp phi = GeodesicPath.newPhi(D, 16, 2, activation, seed);
    SplittableRandom rng = new SplittableRandom(seed + 7);
    int last = phi.layers() - 1;
    for (Parameter p : new Parameter[] {phi.weight(last), phi.bias(last)}) {
      for (int k = 0; k < p.value().data.length; k++) {
        p.value().data[k] = (float) (0.5 * rng.nextGaussian());
      }
    }
    return phi;
  }

  private static float[] constant(double t) {
    float[] ts = new float[N];
    Arrays.fill(ts, (float) t);
    return ts;
  }

  @Test
  void gammaVanishesAtTheEndsAndItsDerivativeIsExact() {
    assertEquals(0, GeodesicPath.gamma(0), 0);
    assertEquals(0, GeodesicPath.gamma(1), 0);
    assertEquals(0.5, GeodesicPath.gamma(0.5), 1e-15);
    for (double t : new double[] {0, 0.1, 0.37, 0.5, 0.9, 1}) {
      double h = 1e-6;
      double fd = (GeodesicPath.gamma(t + h) - GeodesicPath.gamma(t - h)) / (2 * h);
      assertEquals(fd, GeodesicPath.gammaDot(t), 1e-8);
    }
  }

  @Test
  void hitsBothEndpointsExactlyWhateverPhi() {
    SplittableRandom rng = new SplittableRandom(1);
    Matrix x0 = random(rng, N, D);
    Matrix x1 = random(rng, N, D);
    GeodesicPath path = new GeodesicPath(bentPhi(Activation.SELU, 3), 0);
    Matrix xt = new Matrix(N, D);
    Matrix ut = new Matrix(N, D);
    path.sample(x0, x1, constant(0), null, xt, ut);
    assertTrue(Arrays.equals(x0.data, xt.data), "x_0 = x0");
    path.sample(x0, x1, constant(1), null, xt, ut);
    assertTrue(Arrays.equals(x1.data, xt.data), "x_1 = x1");
    path.sample(x0, x1, constant(0.5), null, xt, ut);
    double bend = 0;
    for (int k = 0; k < xt.data.length; k++) {
      bend += Math.abs(xt.data[k] - 0.5 * (x0.data[k] + x1.data[k]));
    }
    assertTrue(bend > 0.1, "the midpoint is off the straight line: " + bend);
  }

  @Test
  void velocityIsTheFiniteDifferenceOfThePoint() {
    SplittableRandom rng = new SplittableRandom(2);
    Matrix x0 = random(rng, N, D);
    Matrix x1 = random(rng, N, D);
    GeodesicPath path = new GeodesicPath(bentPhi(Activation.SELU, 5), 0);
    Matrix up = new Matrix(N, D);
    Matrix down = new Matrix(N, D);
    Matrix ut = new Matrix(N, D);
    Matrix scratch = new Matrix(N, D);
    double h = 1e-3;
    for (double t : new double[] {0.05, 0.3, 0.5, 0.8, 0.97}) {
      path.sample(x0, x1, constant(t), null, scratch, ut);
      path.sample(x0, x1, constant(t + h), null, up, scratch);
      path.sample(x0, x1, constant(t - h), null, down, scratch);
      for (int k = 0; k < ut.data.length; k++) {
        double fd = (up.data[k] - down.data[k]) / (2 * h);
        assertEquals(fd, ut.data[k], 2e-3 * Math.max(1, Math.abs(fd)), "t=" + t + " entry " + k);
      }
    }
  }

  @Test
  void tapeRecordingEqualsTheFrozenPathAndScalesTheVelocity() {
    SplittableRandom rng = new SplittableRandom(3);
    Matrix x0 = random(rng, N, D);
    Matrix x1 = random(rng, N, D);
    Mlp phi = bentPhi(Activation.SELU, 11);
    float[] t = new float[N];
    float[] scale = new float[N];
    for (int i = 0; i < N; i++) {
      t[i] = (float) rng.nextDouble();
      scale[i] = 0.5f;
    }
    Matrix xt = new Matrix(N, D);
    Matrix ut = new Matrix(N, D);
    new GeodesicPath(phi, 0).sample(x0, x1, t, null, xt, ut);
    Tape tape = new Tape();
    GeodesicPath.Recorded r = GeodesicPath.record(tape, phi, x0, x1, t, scale, new GeodesicPath.Workspace());
    for (int k = 0; k < xt.data.length; k++) {
      assertEquals(xt.data[k], r.mu().value().data[k], 1e-5);
      assertEquals(0.5 * ut.data[k], r.ut().value().data[k], 1e-5);
    }
  }

  @Test
  void addsNoiseOfWidthSigmaAndFreezesPhi() {
    SplittableRandom rng = new SplittableRandom(4);
    Matrix x0 = random(rng, N, D);
    Matrix x1 = random(rng, N, D);
    Matrix eps = random(rng, N, D);
    Mlp phi = bentPhi(Activation.SELU, 13);
    GeodesicPath clean = new GeodesicPath(phi, 0);
    GeodesicPath noisy = new GeodesicPath(phi, 0.3);
    Arrays.fill(phi.bias(phi.layers() - 1).value().data, 100f);
    float[] t = constant(0.4);
    Matrix a = new Matrix(N, D);
    Matrix b = new Matrix(N, D);
    Matrix ua = new Matrix(N, D);
    Matrix ub = new Matrix(N, D);
    clean.sample(x0, x1, t, null, a, ua);
    noisy.sample(x0, x1, t, eps, b, ub);
    for (int k = 0; k < a.data.length; k++) {
      assertEquals(a.data[k] + 0.3 * eps.data[k], b.data[k], 1e-5);
      assertEquals(ua.data[k], ub.data[k], 0);
      assertTrue(Math.abs(a.data[k]) < 50, "later changes to phi do not reach a constructed path");
    }
    assertTrue(noisy.isStochastic());
    assertEquals(0.3, noisy.noiseStd(0.7), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> noisy.sample(x0, x1, t, null, new Matrix(N, D), new Matrix(N, D)));
    assertTrue(e.getMessage().contains("eps"), e.getMessage());
  }

  @Test
  void newPhiStartsAtTheStraightLine() {
    SplittableRandom rng = new SplittableRandom(5);
    Matrix x0 = random(rng, N, D);
    Matrix x1 = random(rng, N, D);
    Matrix xt = new Matrix(N, D);
    Matrix ut = new Matrix(N, D);
    new GeodesicPath(GeodesicPath.newPhi(D, 8, 2, Activation.SELU, 1), 0).sample(x0, x1, constant(0.25), null, xt, ut);
    for (int k = 0; k < xt.data.length; k++) {
      assertEquals(0.75 * x0.data[k] + 0.25 * x1.data[k], xt.data[k], 1e-6);
      assertEquals(x1.data[k] - x0.data[k], ut.data[k], 1e-6);
    }
  }

  @Test
  void rejectsANetworkOfTheWrongShape() {
    Mlp v = new Mlp(new org.flowmatch4j.nn.MlpConfig(D, 0, D, 8, 1, Activation.SELU,
        org.flowmatch4j.nn.TimeEncoding.RAW, 0, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GeodesicPath(v, 0));
    assertTrue(e.getMessage().contains("[x0 | x1]"), e.getMessage());
  }
}
