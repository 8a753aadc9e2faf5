package org.flowmatch4j.fm.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.coupling.PairSupport;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class PhiTableTest {
  private static final int D = 3;
  private static final int M = 7;

  private static PairSupport support(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    return new PairSupport(GeodesicPathTest.random(rng, M, D), GeodesicPathTest.random(rng, M, D));
  }

  /** phi and d phi / dt of the network at pair k of the support and time t: 2 x D. */
  private static Matrix direct(Mlp phi, PairSupport s, int k, double t) {
    Matrix in = new Matrix(1, 2 * D);
    System.arraycopy(s.x0().data, k * D, in.data, 0, D);
    System.arraycopy(s.x1().data, k * D, in.data, D, D);
    Matrix out = new Matrix(1, D);
    Matrix dout = new Matrix(1, D);
    phi.jvp(in, new Matrix(1, 1, new float[] {(float) t}), null, null, new Matrix(1, 1, new float[] {1}), null, out, dout);
    Matrix both = new Matrix(2, D);
    System.arraycopy(out.data, 0, both.data, 0, D);
    System.arraycopy(dout.data, 0, both.data, D, D);
    return both;
  }

  private static float[][] table(PhiTable table, int k, double t) {
    float[] v = new float[D];
    float[] dv = new float[D];
    table.eval(k, t, v, dv, 0);
    return new float[][] {v, dv};
  }

  @Test
  void theNodesHoldTheNetworksValuesAndDerivatives() {
    Mlp phi = GeodesicPathTest.bentPhi(Activation.SELU, 1);
    PairSupport s = support(2);
    PhiTable table = new PhiTable(phi, s, 8);
    for (int k = 0; k < M; k++) {
      for (int g = 0; g <= 8; g++) {
        Matrix want = direct(phi, s, k, g / 8.0);
        float[][] got = table(table, k, g / 8.0);
        for (int j = 0; j < D; j++) {
          assertEquals(want.data[j], got[0][j], 1e-6 * (1 + Math.abs(want.data[j])));
          assertEquals(want.data[D + j], got[1][j], 1e-5 * (1 + Math.abs(want.data[D + j])));
        }
      }
    }
  }

  @Test
  void oneIntervalIsTheCubicThroughBothEndsValuesAndSlopes() {
    Mlp phi = GeodesicPathTest.bentPhi(Activation.TANH, 3);
    PairSupport s = support(4);
    PhiTable table = new PhiTable(phi, s, 1);
    for (int k = 0; k < M; k++) {
      Matrix a = direct(phi, s, k, 0);
      Matrix b = direct(phi, s, k, 1);
      for (double t : new double[] {0.1, 0.35, 0.5, 0.8}) {
        float[][] got = table(table, k, t);
        for (int j = 0; j < D; j++) {
          // c0 + c1 t + c2 t^2 + c3 t^3 with c0 = p0, c1 = m0, c2 = 3 (p1 - p0) - 2 m0 - m1, c3 = 2 (p0 - p1) + m0 + m1
          double p0 = a.data[j];
          double m0 = a.data[D + j];
          double p1 = b.data[j];
          double m1 = b.data[D + j];
          double c2 = 3 * (p1 - p0) - 2 * m0 - m1;
          double c3 = 2 * (p0 - p1) + m0 + m1;
          assertEquals(p0 + m0 * t + c2 * t * t + c3 * t * t * t, got[0][j], 1e-5);
          assertEquals(m0 + 2 * c2 * t + 3 * c3 * t * t, got[1][j], 1e-5);
        }
      }
    }
  }

  @Test
  void theDerivativeIsThatOfTheInterpolatedPhiAndTheErrorFallsAsTheFourthPower() {
    Mlp phi = GeodesicPathTest.bentPhi(Activation.TANH, 5);
    PairSupport s = support(6);
    PhiTable coarse = new PhiTable(phi, s, 1);
    PhiTable fine = new PhiTable(phi, s, 2);
    double errCoarse = 0;
    double errFine = 0;
    SplittableRandom rng = new SplittableRandom(8);
    for (int r = 0; r < 200; r++) {
      int k = rng.nextInt(M);
      double t = 0.01 + 0.98 * rng.nextDouble();
      double h = 1e-3;
      float[][] at = table(coarse, k, t);
      float[][] up = table(coarse, k, t + h);
      float[][] down = table(coarse, k, t - h);
      Matrix want = direct(phi, s, k, t);
      float[][] f = table(fine, k, t);
      for (int j = 0; j < D; j++) {
        assertEquals((up[0][j] - down[0][j]) / (2 * h), at[1][j], 2e-3);
        errCoarse = Math.max(errCoarse, Math.abs(at[0][j] - want.data[j]));
        errFine = Math.max(errFine, Math.abs(f[0][j] - want.data[j]));
      }
    }
    assertTrue(errCoarse > 1e-4, "coarse error " + errCoarse);
    assertTrue(errCoarse / errFine > 8, "error " + errCoarse + " at h = 1, " + errFine + " at h = 1/2");
  }

  @Test
  void findsPairsByContentAndEqualPairsShareAnEntry() {
    Mlp phi = GeodesicPathTest.bentPhi(Activation.SELU, 1);
    PairSupport s = support(2);
    Matrix x0 = new Matrix(M + 2, D);
    Matrix x1 = new Matrix(M + 2, D);
    System.arraycopy(s.x0().data, 0, x0.data, 0, M * D);
    System.arraycopy(s.x1().data, 0, x1.data, 0, M * D);
    // row M repeats pair 3; row M + 1 pairs x0 of pair 0 with x1 of pair 1
    System.arraycopy(s.x0().data, 3 * D, x0.data, M * D, D);
    System.arraycopy(s.x1().data, 3 * D, x1.data, M * D, D);
    System.arraycopy(s.x0().data, 0, x0.data, (M + 1) * D, D);
    System.arraycopy(s.x1().data, D, x1.data, (M + 1) * D, D);
    PhiTable table = new PhiTable(phi, new PairSupport(x0, x1), 4);
    assertEquals(M + 1, table.pairs());
    int[] found = new int[M + 2];
    for (int i = 0; i < M + 2; i++) {
      found[i] = table.find(x0, x1, i);
      assertTrue(found[i] >= 0);
    }
    assertEquals(found[3], found[M]);
    assertEquals(M + 1, Arrays.stream(found).distinct().count());
    Matrix other = x1.copy();
    other.data[0] += 1e-3f;
    assertEquals(-1, table.find(x0, other, 0));
    assertThrows(IllegalArgumentException.class, () -> new PhiTable(phi, s, 0));
  }

  @Test
  void aTabulatedPathSamplesAsTheNetworkDoesAndOnlyItsPairs() {
    Mlp phi = GeodesicPathTest.bentPhi(Activation.SELU, 9);
    PairSupport s = support(10);
    GeodesicPath direct = new GeodesicPath(phi, 0);
    GeodesicPath tabulated = direct.tabulated(s, PhiTable.INTERVALS);
    float[] t = new float[M];
    SplittableRandom rng = new SplittableRandom(11);
    for (int i = 0; i < M; i++) {
      t[i] = (float) rng.nextDouble();
    }
    Matrix xt = new Matrix(M, D);
    Matrix ut = new Matrix(M, D);
    Matrix xtTab = new Matrix(M, D);
    Matrix utTab = new Matrix(M, D);
    direct.sample(s.x0(), s.x1(), t, null, xt, ut);
    tabulated.sample(s.x0(), s.x1(), t, null, xtTab, utTab);
    for (int k = 0; k < M * D; k++) {
      assertEquals(xt.data[k], xtTab.data[k], 1e-4);
      assertEquals(ut.data[k], utTab.data[k], 2e-2);
    }
    Matrix moved = s.x0().copy();
    moved.data[0] += 1;
    assertThrows(IllegalArgumentException.class, () -> tabulated.sample(moved, s.x1(), t, null, xtTab, utTab));
  }
}
