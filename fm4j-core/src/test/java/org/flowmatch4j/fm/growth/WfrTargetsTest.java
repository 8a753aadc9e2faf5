package org.flowmatch4j.fm.growth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.flowmatch4j.fm.path.WfrGeodesic;
import org.flowmatch4j.ot.SemiCouplings;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class WfrTargetsTest {
  private static final int D = 2;

  /** The geodesic's growth rate of the pair at t. */
  private static double rate(WfrGeodesic g, float[] x0, float[] x1, double m0, double m1, double t) {
    return g.at(x0, 0, x1, 0, D, m0, m1, t, new float[D], new float[D], 0)[1];
  }

  @Test
  void theGrowthRateIntegratesToTheLogMassRatio() {
    WfrGeodesic g = new WfrGeodesic(0.9);
    SplittableRandom rng = new SplittableRandom(3);
    for (int trial = 0; trial < 20; trial++) {
      float[] x0 = {(float) rng.nextGaussian(), (float) rng.nextGaussian()};
      float[] x1 = {x0[0] + (float) rng.nextDouble(), x0[1] - (float) rng.nextDouble()};
      double m0 = 0.1 + rng.nextDouble();
      double m1 = 0.1 + 3 * rng.nextDouble();
      // Simpson's rule over [0, 1] with 2000 panels
      int n = 2000;
      double s = rate(g, x0, x1, m0, m1, 0) + rate(g, x0, x1, m0, m1, 1);
      for (int k = 1; k < n; k++) {
        s += (k % 2 == 1 ? 4 : 2) * rate(g, x0, x1, m0, m1, (double) k / n);
      }
      assertEquals(Math.log(m1 / m0), s / (3.0 * n), 1e-9);
    }
  }

  @Test
  void equalMassesMovedApartDipThenRecover() {
    // theta = d / (2 delta) = 0.5: g(0) = -2 (1 - cos 0.5), g(1) = +2 (1 - cos 0.5)
    WfrGeodesic g = new WfrGeodesic(1);
    float[] x0 = {0, 0};
    float[] x1 = {1, 0};
    double dip = 2 * (1 - Math.cos(0.5));
    assertEquals(-dip, rate(g, x0, x1, 1, 1, 0), 1e-12);
    assertEquals(dip, rate(g, x0, x1, 1, 1, 1), 1e-12);
  }

  @Test
  void drawnPairsCarryTheGeodesicPointRateAndWeight() {
    // one source cell of mass a, one target of mass b: every pair has m0 = a, m1 = b
    double a = 0.5;
    double b = 1.7;
    Matrix from = new Matrix(1, D, new float[] {0.2f, -0.1f});
    Matrix to = new Matrix(1, D, new float[] {0.9f, 0.4f});
    SemiCouplings plan = SemiCouplings.of(new double[] {a}, new double[] {b}, new double[] {0.8});
    WfrGeodesic geo = new WfrGeodesic(0.7);
    int n = 16;
    float[] xt = new float[n * D];
    float[] ut = new float[n * D];
    float[] gt = new float[n];
    float[] w = new float[n];
    float[] t = new float[n];
    new WfrTargets(from, to, plan, geo).draw(new SplittableRandom(5), n, xt, ut, gt, w, t, 0);
    for (int k = 0; k < n; k++) {
      // t is stored as a float, the targets were computed at the double it rounds
      float[] x = new float[D];
      float[] u = new float[D];
      double[] mg = geo.at(from.data, 0, to.data, 0, D, a, b, t[k], x, u, 0);
      assertEquals(mg[1], gt[k], 1e-5);
      assertEquals(mg[0] / a, w[k], 1e-5);
      for (int c = 0; c < D; c++) {
        assertEquals(x[c], xt[k * D + c], 1e-5);
        assertEquals(u[c], ut[k * D + c], 1e-5);
      }
    }
  }

  @Test
  void pairsBeyondPiDeltaHaveWeightZero() {
    Matrix from = new Matrix(1, D, new float[] {0, 0});
    Matrix to = new Matrix(1, D, new float[] {4, 0});
    SemiCouplings plan = SemiCouplings.of(new double[] {1}, new double[] {1}, new double[] {0.5});
    int n = 4;
    float[] w = new float[n];
    float[] gt = new float[n];
    float[] xt = new float[n * D];
    new WfrTargets(from, to, plan, new WfrGeodesic(1)).draw(new SplittableRandom(1), n, xt, new float[n * D], gt,
        w, new float[n], 0);
    for (int k = 0; k < n; k++) {
      assertEquals(0, w[k]);
      assertEquals(0, gt[k]);
      assertEquals(0, xt[k * D]);
    }
  }
}
