package org.flowmatch4j.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Unbalanced OT with total-variation marginal penalties against hand-solved and brute-force optima. */
class TotalVariationEmdTest {
  /**
   * Sources {0, 10} with masses 1/2, 1/2, targets {1, 11} with masses 0.2, 0.8, squared distances.
   * Balanced, 0.3 of the source at 0 must travel to 11 (cost 121): the plan's cost is 0.2 + 36.3 +
   * 0.5 = 37. With lambda = 5 (reach^2 10) that mass is destroyed at 0 and created at 11 instead:
   * P = [[0.2, 0], [0, 0.5]], objective 0.7 + 5 (0.3 + 0.3) = 3.7. With lambda = 100 (2 lambda
   * above 121) the balanced plan is optimal.
   */
  @Test
  void theOutlierPairIsDestroyedAndCreatedBelowItsPriceAndTransportedAbove() {
    double[] a = {0.5, 0.5};
    double[] b = {0.2, 0.8};
    double[] c = {1, 121, 81, 1};
    double[] p = TotalVariationEmd.plan(a, b, c, 5).toDense();
    double[] expected = {0.2, 0, 0, 0.5};
    for (int k = 0; k < 4; k++) {
      assertEquals(expected[k], p[k], 1e-12, "entry " + k);
    }
    assertEquals(0.7, TotalVariationEmd.plan(a, b, c, 5).cost(), 1e-12);
    double[] balanced = TotalVariationEmd.plan(a, b, c, 100).toDense();
    double[] full = {0.2, 0.3, 0, 0.5};
    for (int k = 0; k < 4; k++) {
      assertEquals(full[k], balanced[k], 1e-12, "entry " + k + " with lambda 100");
    }
    assertEquals(37, TotalVariationEmd.plan(a, b, c, 100).cost(), 1e-12);
  }

  /**
   * Random 2 x 3 problems with unequal totals: the objective equals the brute-force optimum of the
   * augmented balanced problem over all its vertices, no transported pair costs more than 2 lambda,
   * and the marginals stay below a and b.
   */
  @Test
  void randomProblemsReachTheBruteForceOptimumAndRespectTheReach() {
    SplittableRandom r = new SplittableRandom(11);
    for (int trial = 0; trial < 40; trial++) {
      double[] a = {0.1 + r.nextDouble(), 0.1 + r.nextDouble()};
      double[] b = {0.1 + r.nextDouble(), 0.1 + r.nextDouble(), 0.1 + r.nextDouble()};
      double[] c = new double[6];
      for (int k = 0; k < 6; k++) {
        c[k] = 10 * r.nextDouble();
      }
      double lambda = 0.2 + 4 * r.nextDouble();
      TransportPlan p = TotalVariationEmd.plan(a, b, c, lambda);
      double[] rows = p.rowSums();
      double[] cols = p.colSums();
      double moved = p.totalMass();
      double objective = p.cost() + lambda * (a[0] + a[1] + b[0] + b[1] + b[2] - 2 * moved);
      double[] wa = {a[0], a[1], b[0] + b[1] + b[2]};
      double[] wb = {b[0], b[1], b[2], a[0] + a[1]};
      double[] augmented = {c[0], c[1], c[2], lambda, c[3], c[4], c[5], lambda, lambda, lambda, lambda, 0};
      assertEquals(VertexEnumeration.bruteForceCost(wa, wb, augmented), objective, 1e-9, "trial " + trial);
      for (int k = 0; k < p.size(); k++) {
        assertTrue(c[p.row(k) * 3 + p.col(k)] <= 2 * lambda + 1e-12, "trial " + trial + ": a pair beyond the reach");
      }
      for (int i = 0; i < 2; i++) {
        assertTrue(rows[i] <= a[i] + 1e-12, "trial " + trial + ": row " + i);
      }
      for (int j = 0; j < 3; j++) {
        assertTrue(cols[j] <= b[j] + 1e-12, "trial " + trial + ": column " + j);
      }
    }
  }

  @Test
  void aPriceThatIsNotPositiveAndFiniteIsRefused() {
    double[] a = {1};
    double[] b = {1};
    double[] c = {1};
    assertThrows(IllegalArgumentException.class, () -> TotalVariationEmd.plan(a, b, c, 0));
    assertThrows(IllegalArgumentException.class, () -> TotalVariationEmd.plan(a, b, c, Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> TotalVariationEmd.plan(a, b, new double[2], 1));
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> TotalVariationEmd.plan(new double[] {-1}, b, c, 1));
    assertTrue(negative.getMessage().contains("source weight 0 is -1.0"), negative.getMessage());
  }
}
