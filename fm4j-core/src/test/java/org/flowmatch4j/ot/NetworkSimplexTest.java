package org.flowmatch4j.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworkSimplexTest {

  private static double[] uniform(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1.0 / n);
    return w;
  }

  private static double[] randomWeights(SplittableRandom rng, int n) {
    double[] w = new double[n];
    double s = 0;
    for (int i = 0; i < n; i++) {
      w[i] = rng.nextDouble() + 0.05;
      s += w[i];
    }
    for (int i = 0; i < n; i++) {
      w[i] /= s;
    }
    return w;
  }

  private static double[] points(SplittableRandom rng, int n, int d, double shift) {
    double[] x = new double[n * d];
    for (int k = 0; k < x.length; k++) {
      x[k] = rng.nextGaussian() + shift;
    }
    return x;
  }

  static void assertMarginals(TransportPlan p, double[] a, double[] b, double tol) {
    double[] r = p.rowSums();
    double[] c = p.colSums();
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], r[i], tol, "row " + i);
    }
    for (int j = 0; j < b.length; j++) {
      assertEquals(b[j], c[j], tol, "column " + j);
    }
    for (int k = 0; k < p.size(); k++) {
      assertTrue(p.mass(k) > 0);
    }
  }

  @Test
  void uniformEqualSizesEqualBruteForceOverPermutations() {
    SplittableRandom rng = new SplittableRandom(4);
    NetworkSimplex ns = new NetworkSimplex();
    NetworkSimplex floatPriced = new NetworkSimplex().floatScanMinArcs(0);
    for (int t = 0; t < 600; t++) {
      int n = 1 + t % 7;
      double[] c = new double[n * n];
      for (int k = 0; k < c.length; k++) {
        c[k] = t % 3 == 0 ? rng.nextInt(3) : rng.nextDouble();
      }
      TransportPlan p = ns.solve(uniform(n), uniform(n), c);
      assertEquals(AssignmentTest.bruteForce(c, n) / n, p.cost(), 1e-12, "problem " + t);
      assertMarginals(p, uniform(n), uniform(n), 1e-12);
      assertTrue(p.size() <= 2 * n - 1);
      TransportPlan q = floatPriced.solve(uniform(n), uniform(n), c);
      assertEquals(p.cost(), q.cost(), 1e-12, "problem " + t + ", float pricing");
      assertMarginals(q, uniform(n), uniform(n), 1e-12);
    }
  }

  @Test
  void generalWeightsEqualVertexEnumeration() {
    SplittableRandom rng = new SplittableRandom(8);
    for (int t = 0; t < 150; t++) {
      int n = 1 + rng.nextInt(4);
      int m = 1 + rng.nextInt(4);
      double[] a = randomWeights(rng, n);
      double[] b = randomWeights(rng, m);
      double[] c = new double[n * m];
      for (int k = 0; k < c.length; k++) {
        c[k] = t % 2 == 0 ? rng.nextInt(3) : rng.nextDouble();
      }
      double exact = VertexEnumeration.bruteForceCost(a, b, c);
      TransportPlan p = new NetworkSimplex().solve(a, b, c);
      assertEquals(exact, p.cost(), 1e-12, "problem " + t);
      assertMarginals(p, a, b, 1e-12);
      TransportPlan q = new NetworkSimplex().floatScanMinArcs(0).solve(a, b, c);
      assertEquals(exact, q.cost(), 1e-12, "problem " + t + ", float pricing");
      assertMarginals(q, a, b, 1e-12);
    }
  }

  /**
   * Pricing on float costs only chooses entering arcs; the optimum is decided on the double
   * costs. Costs that differ by far less than a float's resolution (1 + 1e-9 u) or sit on a large
   * offset must still give the exact optimum, found by brute force for small problems and by the
   * double-priced solver for larger ones.
   */
  @Test
  void floatPricingReachesTheExactOptimum() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int t = 0; t < 120; t++) {
      boolean small = t % 2 == 0;
      int n = small ? 1 + rng.nextInt(4) : 20 + rng.nextInt(60);
      int m = small ? 1 + rng.nextInt(4) : 20 + rng.nextInt(60);
      double[] a = t % 3 == 0 ? uniform(n) : randomWeights(rng, n);
      double[] b = t % 3 == 0 ? uniform(m) : randomWeights(rng, m);
      double[] c = new double[n * m];
      for (int k = 0; k < c.length; k++) {
        double u = rng.nextDouble();
        c[k] = switch (t % 4) {
          case 0 -> 1 + 1e-9 * u; // identical once rounded to float
          case 1 -> 1e6 + u; // float resolution 0.0625 on this offset
          case 2 -> rng.nextInt(3); // ties
          default -> u;
        };
      }
      double expected = small ? VertexEnumeration.bruteForceCost(a, b, c)
          : new NetworkSimplex().floatScanMinArcs(Long.MAX_VALUE).solve(a, b, c).cost();
      TransportPlan q = new NetworkSimplex().floatScanMinArcs(0).solve(a, b, c);
      assertEquals(expected, q.cost(), 1e-12 * Math.abs(expected), "problem " + t);
      assertMarginals(q, a, b, 1e-12);
      assertTrue(q.size() <= n + m - 1);
    }
  }

  @Test
  void largeDenseProblemsPricedOnFloatsMatchDoublePricing() {
    SplittableRandom rng = new SplittableRandom(12);
    int n = 500;
    int m = 640; // 320,000 arcs: above the float-pricing threshold
    assertTrue((long) n * m >= NetworkSimplex.FLOAT_SCAN_MIN_ARCS);
    double[] x = points(rng, n, 6, 0);
    double[] y = points(rng, m, 6, 0.5);
    double[] c = GroundCost.EUCLIDEAN.pairwise(x, n, y, m, 6);
    TransportPlan viaFloats = new NetworkSimplex().solve(uniform(n), uniform(m), c);
    TransportPlan viaDoubles =
        new NetworkSimplex().floatScanMinArcs(Long.MAX_VALUE).solve(uniform(n), uniform(m), c);
    assertEquals(viaDoubles.cost(), viaFloats.cost(), 1e-12 * viaDoubles.cost());
    assertMarginals(viaFloats, uniform(n), uniform(m), 1e-12);
  }

  @Test
  void planIsSparseFeasibleAndItsCostIsItsValue() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int t = 0; t < 40; t++) {
      int n = 1 + rng.nextInt(30);
      int m = 1 + rng.nextInt(30);
      double[] a = randomWeights(rng, n);
      double[] b = randomWeights(rng, m);
      double[] x = points(rng, n, 3, 0);
      double[] y = points(rng, m, 3, 1);
      double[] c = GroundCost.EUCLIDEAN.pairwise(x, n, y, m, 3);
      TransportPlan p = new NetworkSimplex().solve(a, b, c);
      assertMarginals(p, a, b, 1e-12);
      assertTrue(p.size() <= n + m - 1, p.size() + " flows for " + n + "x" + m);
      double value = 0;
      double[] dense = p.toDense();
      for (int k = 0; k < dense.length; k++) {
        value += dense[k] * c[k];
      }
      assertEquals(value, p.cost(), 1e-12);
    }
  }

  @Test
  void costsOnTheFlyEqualTheDenseMatrixBitForBit() {
    SplittableRandom rng = new SplittableRandom(6);
    for (GroundCost g : GroundCost.values()) {
      int n = 37;
      int m = 53;
      double[] a = randomWeights(rng, n);
      double[] b = randomWeights(rng, m);
      double[] x = points(rng, n, 10, 0);
      double[] y = points(rng, m, 10, 0.5);
      TransportPlan dense = new NetworkSimplex().solve(a, b, g.pairwise(x, n, y, m, 10));
      TransportPlan fly = new NetworkSimplex().solve(a, x, b, y, 10, g);
      assertEquals(dense.cost(), fly.cost(), 0.0, g.name());
      assertEquals(dense.iterations(), fly.iterations(), g.name());
    }
  }

  @Test
  void zeroWeightsAreDroppedAndIndicesMappedBack() {
    double[] a = {0.5, 0, 0.5};
    double[] b = {0, 0.25, 0.75};
    double[] c = {1, 2, 3, 0, 0, 0, 4, 5, 6};
    TransportPlan p = new NetworkSimplex().solve(a, b, c);
    double[] dense = p.toDense();
    assertEquals(0, dense[3] + dense[4] + dense[5], 0); // row 1 carries nothing
    assertEquals(0, dense[0] + dense[3] + dense[6], 0); // column 0 receives nothing
    assertMarginals(p, a, b, 1e-15);
    // 0.25 at cost 2 and 0.25 at cost 3 from row 0 (or the cheaper split), 0.5 at 6 from row 2
    assertEquals(VertexEnumeration.bruteForceCost(a, b, c), p.cost(), 1e-12);
  }

  @Test
  void singlePointOnEitherSideIsForced() {
    double[] b = {0.2, 0.3, 0.5};
    TransportPlan p = new NetworkSimplex().solve(new double[] {1}, b, new double[] {1, 2, 3});
    assertEquals(0.2 + 0.6 + 1.5, p.cost(), 1e-15);
    assertEquals(3, p.size());
    TransportPlan q = new NetworkSimplex().solve(b, new double[] {1}, new double[] {1, 2, 3});
    assertEquals(p.cost(), q.cost(), 1e-15);
  }

  @Test
  void duplicatePointsAndNegativeCostsAreFine() {
    double[] x = {0, 0, 0, 0, 1, 1};
    double[] y = {0, 0, 1, 1, 1, 1};
    TransportPlan p = new NetworkSimplex().solve(uniform(3), x, uniform(3), y, 2,
        GroundCost.EUCLIDEAN);
    assertEquals(Math.sqrt(2) / 3, p.cost(), 1e-15);
    double[] c = {-1, 5, 5, -2};
    assertEquals(-1.5, new NetworkSimplex().solve(uniform(2), uniform(2), c).cost(), 1e-15);
  }

  @Test
  void slightlyDifferentTotalsAreRescaledLargerOnesRejected() {
    double[] c = {0, 1, 1, 0};
    TransportPlan p =
        new NetworkSimplex().solve(new double[] {0.5, 0.5}, new double[] {0.5, 0.5000001}, c);
    assertEquals(1.0, p.totalMass(), 1e-12);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new NetworkSimplex().solve(new double[] {0.5, 0.5}, new double[] {0.5, 0.6}, c));
    assertTrue(e.getMessage().contains("total masses differ"), e.getMessage());
  }

  @Test
  void rejectsInvalidInputWithClearMessages() {
    NetworkSimplex ns = new NetworkSimplex();
    double[] c = {0, 1, 1, 0};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> ns.solve(new double[] {0.5, Double.NaN}, uniform(2), c));
    assertTrue(e.getMessage().contains("source weight 1 is NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ns.solve(uniform(2), new double[] {1.5, -0.5}, c));
    assertTrue(e.getMessage().contains("target weight 1 is -0.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ns.solve(uniform(2), uniform(2), new double[] {0, Double.POSITIVE_INFINITY, 1, 0}));
    assertTrue(e.getMessage().contains("(0, 1) is Infinity"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ns.solve(uniform(2), uniform(3), c));
    assertTrue(e.getMessage().contains("does not match 2 source and 3 target"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ns.solve(new double[0], new double[0], new double[0]));
    assertTrue(e.getMessage().contains("no source points"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ns.solve(new double[] {0, 0}, uniform(2), c));
    assertTrue(e.getMessage().contains("sum to 0.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ns.solve(uniform(2), new double[] {0, Double.NaN, 1, 1}, uniform(2),
            new double[] {0, 0, 1, 1}, 2, GroundCost.EUCLIDEAN));
    assertTrue(e.getMessage().contains("source points: entry (0, 1) is NaN"), e.getMessage());
  }

  @Test
  void pivotLimitThrowsInsteadOfReturningASuboptimalPlan() {
    SplittableRandom rng = new SplittableRandom(7);
    int n = 40;
    double[] x = points(rng, n, 2, 0);
    double[] y = points(rng, n, 2, 3);
    NetworkSimplex ns = new NetworkSimplex().maxIterations(5);
    NotConvergedException e =
        assertThrows(NotConvergedException.class,
            () -> ns.solve(uniform(n), x, uniform(n), y, 2, GroundCost.EUCLIDEAN));
    assertTrue(e.getMessage().contains("limit of 5 pivots"), e.getMessage());
    // the default limit solves the same problem
    TransportPlan p = ns.maxIterations(0).solve(uniform(n), x, uniform(n), y, 2,
        GroundCost.EUCLIDEAN);
    assertMarginals(p, uniform(n), uniform(n), 1e-12);
  }
}
