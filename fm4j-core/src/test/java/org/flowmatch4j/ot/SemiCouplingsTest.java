package org.flowmatch4j.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Pair sampling from the semi-couplings: each draw takes a group, a source row by its gamma0 mass,
 * and the first column where the row's running sum of positive entries passes a uniform draw. The
 * sampler finds that column by bisection over chunks of the row; it must pick the column a scan of
 * the whole row picks, draw for draw, with the masses of the formulas.
 */
class SemiCouplingsTest {
  private static final double EPS = 1e-12;

  @Test
  void pairsAreTheColumnsAScanOfTheRowPicksWithTheSemiCouplingMasses() {
    int n = 7;
    int m = 100;
    SplittableRandom r = new SplittableRandom(11);
    double[] g = new double[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double u = r.nextDouble();
        // zeros, entries 30 orders below the rest, and row 3 with its mass in the last chunk only
        double v = u < 0.3 ? 0 : u < 0.4 ? 1e-30 * u : u;
        g[i * m + j] = i == 3 && j < 90 ? 0 : v;
      }
    }
    double[] a = {1, 2, 1, 1, 0.5, 1, 3};
    double[] b = new double[m];
    java.util.Arrays.fill(b, 0.7);
    SemiCouplings plan = SemiCouplings.of(a, b, g);

    int draws = 5000;
    int[] i0 = new int[draws];
    int[] i1 = new int[draws];
    double[] m0 = new double[draws];
    double[] m1 = new double[draws];
    plan.sample(new SplittableRandom(5), i0, i1, m0, m1);

    double[] rows = new double[n];
    double[] cols = new double[m];
    double[] weight = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        rows[i] += g[i * m + j];
        cols[j] += g[i * m + j];
      }
      weight[i] = a[i] * rows[i] / (rows[i] + EPS);
    }
    double total = 0;
    for (double w : weight) {
      total += w;
    }
    SplittableRandom replay = new SplittableRandom(5);
    int[] wantI = new int[draws];
    int[] wantJ = new int[draws];
    for (int s = 0; s < draws; s++) {
      replay.nextDouble(); // the group: there is one
      double u = replay.nextDouble() * total;
      int i = 0;
      double running = weight[0];
      while (running <= u && i < n - 1) {
        running += weight[++i];
      }
      double v = replay.nextDouble() * rows[i];
      int j = 0;
      double acc = 0;
      for (int c = 0; c < m; c++) {
        if (g[i * m + c] > 0) {
          j = c;
          acc += g[i * m + c];
          if (acc > v) {
            break;
          }
        }
      }
      wantI[s] = i;
      wantJ[s] = j;
      assertEquals(a[i] * g[i * m + j] / (rows[i] + EPS), m0[s], 1e-15 * Math.max(1, m0[s]), "m0 of draw " + s);
      assertEquals(b[j] * g[i * m + j] / (cols[j] + EPS), m1[s], 1e-15 * Math.max(1, m1[s]), "m1 of draw " + s);
    }
    assertArrayEquals(wantI, i0, "source rows");
    assertArrayEquals(wantJ, i1, "target columns");
    for (int s = 0; s < draws; s++) {
      if (i0[s] == 3) {
        assertTrue(i1[s] >= 90, "row 3 has mass in its last chunk only");
      }
    }
  }
}
