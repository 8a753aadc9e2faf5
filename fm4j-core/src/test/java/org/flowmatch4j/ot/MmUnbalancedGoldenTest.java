package org.flowmatch4j.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** MmUnbalanced, WfrCost and SemiCouplings against POT 0.8.2 (gen_unbalanced_goldens.py). */
class MmUnbalancedGoldenTest {
  private static final List<GoldenCases.Case> CASES = GoldenCases.read("/golden/ot/mm_unbalanced.txt");

  private static void assertAllClose(double[] expected, double[] actual, double rel, double abs, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int k = 0; k < expected.length; k++) {
      assertEquals(expected[k], actual[k], abs + rel * Math.abs(expected[k]), what + "[" + k + "]");
    }
  }

  @Test
  void wfrCostMatchesNumpy() {
    for (GoldenCases.Case c : CASES) {
      double[] cost = WfrCost.matrix(c.vector("x"), c.integer("n"), c.vector("y"), c.integer("m"), c.integer("d"),
          c.scalar("delta"));
      assertAllClose(c.vector("cost"), cost, 1e-12, 1e-12, c.name() + " cost");
    }
  }

  @Test
  void planMatchesPotMmUnbalanced() {
    for (GoldenCases.Case c : CASES) {
      double[] g = MmUnbalanced.standard().solve(c.vector("a"), c.vector("b"), c.vector("cost"));
      assertAllClose(c.vector("plan"), g, 1e-9, 1e-15, c.name() + " plan");
    }
  }

  @Test
  void semiCouplingsMatchThePublishedRenormalisation() {
    for (GoldenCases.Case c : CASES) {
      int n = c.integer("n");
      int m = c.integer("m");
      double[] gamma0 = c.vector("gamma0");
      double[] gamma1 = c.vector("gamma1");
      SemiCouplings sc = SemiCouplings.of(c.vector("a"), c.vector("b"), c.vector("plan"));
      int draws = 20_000;
      int[] i0 = new int[draws], i1 = new int[draws];
      double[] m0 = new double[draws], m1 = new double[draws];
      sc.sample(new SplittableRandom(5), i0, i1, m0, m1);
      double[] freq = new double[n * m];
      for (int s = 0; s < draws; s++) {
        int k = i0[s] * m + i1[s];
        assertEquals(gamma0[k], m0[s], 1e-9 * gamma0[k] + 1e-15, c.name() + " gamma0");
        assertEquals(gamma1[k], m1[s], 1e-9 * gamma1[k] + 1e-15, c.name() + " gamma1");
        freq[k] += 1.0 / draws;
      }
      double total = 0;
      for (double v : gamma0) {
        total += v;
      }
      for (int k = 0; k < freq.length; k++) {
        double p = gamma0[k] / total;
        assertEquals(p, freq[k], 4 * Math.sqrt(p * (1 - p) / draws) + 1e-4, c.name() + " draw frequency of pair " + k);
      }
    }
  }

  @Test
  void chunkedPlansCoupleOnlyWithinTheirGroups() {
    SplittableRandom rng = new SplittableRandom(3);
    int n = 40, m = 30, d = 2;
    double[] x = new double[n * d], y = new double[m * d], a = new double[n], b = new double[m];
    for (int k = 0; k < x.length; k++) {
      x[k] = rng.nextGaussian();
    }
    for (int k = 0; k < y.length; k++) {
      y[k] = rng.nextGaussian();
    }
    java.util.Arrays.fill(a, 1);
    java.util.Arrays.fill(b, 1);
    SemiCouplings dense = SemiCouplings.wfr(x, a, y, b, d, 1, MmUnbalanced.standard(), n * m, rng);
    SemiCouplings chunked = SemiCouplings.wfr(x, a, y, b, d, 1, MmUnbalanced.standard(), (n * m + 8) / 9, rng);
    assertEquals(1, dense.groups());
    assertEquals(3, chunked.groups());
    assertTrue(chunked.planMass() > 0 && dense.planMass() > 0);
    int[] i0 = new int[500], i1 = new int[500];
    double[] m0 = new double[500], m1 = new double[500];
    chunked.sample(rng, i0, i1, m0, m1);
    for (int s = 0; s < 500; s++) {
      assertTrue(m0[s] > 0 && m0[s] <= 1 + 1e-12 && m1[s] > 0 && m1[s] <= 1 + 1e-12, "semi-coupling masses in (0, 1]");
    }
  }

  /** <G, C> + KL(G 1 | a) + KL(G^T 1 | b), KL(p | q) = sum p log(p / q) - p + q. */
  private static double objective(double[] g, double[] a, double[] b, double[] c) {
    int n = a.length, m = b.length;
    double[] r = new double[n], s = new double[m];
    double f = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        f += g[i * m + j] * c[i * m + j];
        r[i] += g[i * m + j];
        s[j] += g[i * m + j];
      }
    }
    for (int i = 0; i < n; i++) {
      f += (r[i] > 0 ? r[i] * Math.log(r[i] / a[i]) : 0) - r[i] + a[i];
    }
    for (int j = 0; j < m; j++) {
      f += (s[j] > 0 ? s[j] * Math.log(s[j] / b[j]) : 0) - s[j] + b[j];
    }
    return f;
  }

  @Test
  void entropicPlanApproachesTheMajorisationMinimisationObjective() {
    for (GoldenCases.Case c : CASES) {
      double[] a = c.vector("a"), b = c.vector("b"), cost = c.vector("cost");
      double mm = objective(c.vector("plan"), a, b, cost);
      double ent = objective(new EntropicUnbalanced(0.02, 1, 1).solve(a, b, cost), a, b, cost);
      assertEquals(mm, ent, 0.02 * Math.abs(mm) + 0.02, c.name() + ": objective of the entropic plan");
    }
  }

  @Test
  void rejectsNonPositiveMassesAndBadSettings() {
    assertThrows(IllegalArgumentException.class,
        () -> MmUnbalanced.standard().solve(new double[] {1, 0}, new double[] {1}, new double[] {0, 0}));
    assertThrows(IllegalArgumentException.class, () -> new MmUnbalanced(0, 1, 10, 0));
  }
}
