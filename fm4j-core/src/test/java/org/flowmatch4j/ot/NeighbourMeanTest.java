package org.flowmatch4j.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The k-nearest-neighbour mean ({@link NeighbourMean}) and the smoothed growth of the
 * semi-couplings ({@link SemiCouplings#smoothed}) against answers worked out by hand.
 */
class NeighbourMeanTest {
  /** Points 0, 1, 3, 10 on a line with values 1, 2, 3, 4. */
  private static final double[] LINE = {0, 1, 3, 10};
  private static final double[] VALUES = {1, 2, 3, 4};

  @Test
  void meansOverTheNearestPointsItselfIncluded() {
    // k = 2: 0 -> {0, 1}; 1 -> {1, 0} (1 away, 3 is 2 away); 3 -> {3, 1}; 10 -> {10, 3}
    assertArrayEquals(new double[] {1.5, 1.5, 2.5, 3.5}, NeighbourMean.of(LINE, 1, VALUES, 2), 1e-15);
    // k = 3: 0 -> {0, 1, 3}; 1 -> {1, 0, 3}; 3 -> {3, 1, 0}; 10 -> {10, 3, 1}
    assertArrayEquals(new double[] {2, 2, 2, 3}, NeighbourMean.of(LINE, 1, VALUES, 3), 1e-15);
  }

  @Test
  void oneNeighbourIsTheValueAndAllIsTheMean() {
    assertArrayEquals(VALUES, NeighbourMean.of(LINE, 1, VALUES, 1), 0);
    assertArrayEquals(new double[] {2.5, 2.5, 2.5, 2.5}, NeighbourMean.of(LINE, 1, VALUES, 4), 1e-15);
    assertArrayEquals(new double[] {2.5, 2.5, 2.5, 2.5}, NeighbourMean.of(LINE, 1, VALUES, 99), 1e-15);
  }

  @Test
  void tiesGoToTheLowerRowsInTwoDimensions() {
    // (0, 0) has (1, 0) and (0, -1) both 1 away: with k = 2 the lower row, (1, 0), is taken.
    double[] x = {5, 5, 1, 0, 0, 0, 0, -1};
    double[] v = {7, 10, 20, 40};
    assertArrayEquals(new double[] {8.5, 15, 15, 30}, NeighbourMean.of(x, 2, v, 2), 1e-15);
  }

  /**
   * Plan G = [[0.6, 0.2], [0.1, 0.3]] between unit masses: row ratios r = (0.8, 0.4), column ratios
   * c = (0.7, 0.5). Unsmoothed a pair grows by r_i / c_j; smoothed over both sources and both
   * targets every pair grows by sqrt(0.8 * 0.4) / sqrt(0.7 * 0.5), with m0 unchanged.
   */
  @Test
  void smoothedPairsKeepM0AndGrowByTheMeanLogRatios() {
    double[] one = {1, 1};
    double[] g = {0.6, 0.2, 0.1, 0.3};
    double[] x = {0, 1};
    double[] y = {0, 5};
    SemiCouplings plan = SemiCouplings.of(one, one, g);
    double[][] raw = draw(plan);
    double[][] self = draw(plan.smoothed(x, y, 1, 1, 1));
    double[][] both = draw(plan.smoothed(x, y, 1, 2, 2));
    double[][] rows = draw(plan.smoothed(x, y, 1, 2, 1));
    double[] r = {0.8, 0.4};
    double[] c = {0.7, 0.5};
    for (int s = 0; s < raw[0].length; s++) {
      int i = (int) raw[0][s];
      int j = (int) raw[1][s];
      assertEquals(g[i * 2 + j] / r[i], raw[2][s], 1e-11);
      assertEquals(r[i] / c[j], raw[3][s] / raw[2][s], 1e-10);
      for (double[][] sm : new double[][][] {self, both, rows}) {
        assertEquals(i, (int) sm[0][s]);
        assertEquals(j, (int) sm[1][s]);
        assertEquals(raw[2][s], sm[2][s], 0);
      }
      assertEquals(raw[3][s], self[3][s], 1e-12);
      assertEquals(Math.sqrt(0.32 / 0.35), both[3][s] / both[2][s], 1e-10);
      assertEquals(Math.sqrt(0.32) / c[j], rows[3][s] / rows[2][s], 1e-10);
    }
  }

  /** 50 pairs from a fixed seed: source and target indices, m0, m1. */
  private static double[][] draw(SemiCouplings plan) {
    int n = 50;
    int[] i0 = new int[n];
    int[] i1 = new int[n];
    double[] m0 = new double[n];
    double[] m1 = new double[n];
    plan.sample(new SplittableRandom(3), i0, i1, m0, m1);
    double[][] out = new double[4][n];
    for (int s = 0; s < n; s++) {
      out[0][s] = i0[s];
      out[1][s] = i1[s];
    }
    out[2] = m0;
    out[3] = m1;
    return out;
  }
}
