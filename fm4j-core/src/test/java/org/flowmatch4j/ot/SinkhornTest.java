package org.flowmatch4j.ot;

import static org.flowmatch4j.ot.GoldenCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Entropic OT against POT 0.8.2 (ot.sinkhorn log-domain, ot.unbalanced.sinkhorn_unbalanced) and
 * a numpy re-implementation of ott-jax's updates. Tolerance: 1e-7 relative on every plan entry
 * and 1e-8 on the objective values (the references are converged to a marginal error < 1e-12,
 * the solver here to < 1e-13).
 */
class SinkhornTest {
  private static final List<GoldenCases.Case> CASES = GoldenCases.read("/golden/ot/sinkhorn.txt");

  private static SinkhornConfig configOf(GoldenCases.Case c, SinkhornMode mode) {
    CostScaling s = switch (c.text("scaling")) {
      case "max" -> CostScaling.MAX;
      case "mean" -> CostScaling.MEAN;
      default -> CostScaling.NONE;
    };
    return SinkhornConfig.balanced(c.scalar("epsilon"))
        .withTau(c.scalar("tau_a"), c.scalar("tau_b"))
        .withScaling(s)
        .withStopping(1e-13, 1_000_000)
        .withMode(mode);
  }

  @ParameterizedTest
  @EnumSource(SinkhornMode.class)
  void matchesPotAndOttReferences(SinkhornMode mode) {
    assertTrue(CASES.size() >= 9);
    Sinkhorn solver = new Sinkhorn();
    for (GoldenCases.Case c : CASES) {
      int n = c.integer("n");
      int m = c.integer("m");
      int d = c.integer("d");
      GroundCost g = c.text("ground").equals("euclidean") ? GroundCost.EUCLIDEAN
          : GroundCost.SQ_EUCLIDEAN;
      Matrix x = c.matrix("x", n, d);
      Matrix y = c.matrix("y", m, d);
      SinkhornResult r = solver.solve(x, c.vector("a"), y, c.vector("b"), g, configOf(c, mode));
      String name = c.name() + " " + mode;
      assertTrue(r.converged(), name);
      double[] expected = c.vector("plan");
      double[] plan = r.plan();
      for (int k = 0; k < expected.length; k++) {
        assertClose(expected[k], plan[k], 1e-7, name + " plan entry " + k);
      }
      assertClose(c.scalar("transport"), r.transportCost(), 1e-8, name + " transport cost");
      assertClose(c.scalar("regularized"), r.regularizedCost(), 1e-8, name + " regularized");
      assertClose(c.scalar("mass"), r.totalMass(), 1e-9, name + " mass");
    }
  }

  @Test
  void balancedPlanHasTheGivenMarginals() {
    SplittableRandom rng = new SplittableRandom(9);
    int n = 50;
    int m = 70;
    double[] c = new double[n * m];
    for (int k = 0; k < c.length; k++) {
      c[k] = rng.nextDouble() * 4;
    }
    double[] a = new double[n];
    double[] b = new double[m];
    Arrays.fill(a, 1.0 / n);
    Arrays.fill(b, 1.0 / m);
    for (SinkhornMode mode : SinkhornMode.values()) {
      SinkhornResult r = new Sinkhorn().solve(a, b, c, n, m,
          SinkhornConfig.balanced(0.01).withScaling(CostScaling.MAX).withMode(mode));
      double[] rows = r.rowSums();
      double[] cols = r.colSums();
      for (int i = 0; i < n; i++) {
        assertEquals(a[i], rows[i], 1e-10);
      }
      for (int j = 0; j < m; j++) {
        assertEquals(b[j], cols[j], 1e-9);
      }
      assertEquals(4.0, r.scale(), 0.1);
    }
  }

  @Test
  void iterationLimitIsReportedOrThrownNeverHidden() {
    SplittableRandom rng = new SplittableRandom(10);
    int n = 30;
    Matrix x = new Matrix(n, 2);
    Matrix y = new Matrix(n, 2);
    for (int k = 0; k < x.data.length; k++) {
      x.data[k] = (float) rng.nextGaussian();
      y.data[k] = (float) (rng.nextGaussian() + 2);
    }
    SinkhornConfig lax = SinkhornConfig.balanced(0.001).withScaling(CostScaling.MAX)
        .withStopping(1e-12, 20).withStrict(false);
    SinkhornResult r = new Sinkhorn().solve(x, null, y, null, GroundCost.SQ_EUCLIDEAN, lax);
    assertFalse(r.converged());
    assertEquals(20, r.iterations());
    assertTrue(r.error() > 1e-12);
    NotConvergedException e = assertThrows(NotConvergedException.class,
        () -> new Sinkhorn().solve(x, null, y, null, GroundCost.SQ_EUCLIDEAN,
            lax.withStrict(true)));
    assertTrue(e.getMessage().contains("after 20 iterations"), e.getMessage());
  }

  @Test
  void zeroWeightsGetEmptyRowsAndInfinitePotentials() {
    double[] c = {0, 1, 2, 1, 0, 1, 2, 1, 0};
    double[] a = {0.5, 0, 0.5};
    double[] b = {1.0 / 3, 1.0 / 3, 1.0 / 3};
    SinkhornResult r = new Sinkhorn().solve(a, b, c, 3, 3, SinkhornConfig.balanced(0.1));
    assertEquals(Double.NEGATIVE_INFINITY, r.f()[1]);
    assertEquals(0, r.plan()[3] + r.plan()[4] + r.plan()[5], 0);
    assertEquals(1.0, r.totalMass(), 1e-12);
  }

  @Test
  void hugeCostOverEpsilonUnderflowsNothing() {
    // C = 1000 + ||x - y||^2 at eps = 0.5: exp(-C / eps) underflows to 0 everywhere, yet the
    // problem is the offset-free one shifted by a constant.
    SplittableRandom rng = new SplittableRandom(12);
    int n = 20;
    double[] x = new double[n * 2];
    double[] y = new double[n * 2];
    for (int k = 0; k < x.length; k++) {
      x[k] = rng.nextGaussian();
      y[k] = rng.nextGaussian() + 1;
    }
    double[] base = GroundCost.SQ_EUCLIDEAN.pairwise(x, n, y, n, 2);
    double[] shifted = base.clone();
    for (int k = 0; k < shifted.length; k++) {
      shifted[k] += 1000;
    }
    double[] w = new double[n];
    Arrays.fill(w, 1.0 / n);
    for (SinkhornMode mode : SinkhornMode.values()) {
      SinkhornConfig cfg = SinkhornConfig.balanced(0.5).withStopping(1e-12, 100_000).withMode(mode);
      double plain = new Sinkhorn().solve(w, w, base, n, n, cfg).transportCost();
      SinkhornResult r = new Sinkhorn().solve(w, w, shifted, n, n, cfg);
      assertTrue(r.converged(), mode.name());
      assertEquals(plain + 1000, r.transportCost(), 1e-9, mode.name());
    }
  }

  @Test
  void kernelFormAbsorbingMidSweepMatchesTheLogDomain() {
    // eps = 0.02 on costs up to ~30: the scalings leave [e^-30, e^30] while iterating, so the
    // fused sweep stops accumulating K^T u partway and the kernel is re-absorbed.
    SplittableRandom rng = new SplittableRandom(7);
    int n = 30;
    int m = 25;
    double[] x = new double[n * 2];
    double[] y = new double[m * 2];
    for (int k = 0; k < x.length; k++) {
      x[k] = 2 * rng.nextGaussian();
    }
    for (int k = 0; k < y.length; k++) {
      y[k] = rng.nextGaussian() + 1;
    }
    double[] c = GroundCost.SQ_EUCLIDEAN.pairwise(x, n, y, m, 2);
    double[] a = new double[n];
    double[] b = new double[m];
    for (int i = 0; i < n; i++) {
      a[i] = (1 + i % 3) / 60.0;
    }
    for (int j = 0; j < m; j++) {
      b[j] = 1.0 / m;
    }
    SinkhornConfig cfg = SinkhornConfig.balanced(0.02).withStopping(1e-12, 1_000_000);
    SinkhornResult log = new Sinkhorn().solve(a, b, c, n, m, cfg.withMode(SinkhornMode.LOG_DOMAIN));
    double[] logPlan = log.plan().clone();
    SinkhornResult ker =
        new Sinkhorn().solve(a, b, c, n, m, cfg.withMode(SinkhornMode.STABILIZED_KERNEL));
    assertTrue(ker.converged());
    assertEquals(log.iterations(), ker.iterations());
    for (int k = 0; k < logPlan.length; k++) {
      assertEquals(logPlan[k], ker.plan()[k], 1e-12, "plan entry " + k);
    }
    assertEquals(log.transportCost(), ker.transportCost(), 1e-10);
  }

  @Test
  void reusesItsResultAndBuffers() {
    Sinkhorn solver = new Sinkhorn();
    double[] c = {0, 1, 1, 0};
    double[] w = {0.5, 0.5};
    SinkhornResult r1 = solver.solve(w, w, c, 2, 2, SinkhornConfig.balanced(0.5));
    double[] plan1 = r1.plan();
    SinkhornResult r2 = solver.solve(w, w, c, 2, 2, SinkhornConfig.balanced(0.5));
    assertSame(r1, r2);
    assertSame(plan1, r2.plan());
  }

  /**
   * With max scaling the finiteness check and the maximum share one pass (minimum and maximum);
   * every kind of non-finite entry, in the vector part or in the tail, is still named.
   */
  @Test
  void maxScalingNamesEveryNonFiniteCostEntry() {
    int n = 5;
    int m = 13;
    double[] w = new double[n];
    java.util.Arrays.fill(w, 1.0 / n);
    double[] v = new double[m];
    java.util.Arrays.fill(v, 1.0 / m);
    Sinkhorn s = new Sinkhorn();
    for (SinkhornMode mode : SinkhornMode.values()) {
      SinkhornConfig cfg = SinkhornConfig.balanced(0.1).withScaling(CostScaling.MAX).withMode(mode);
      for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
        for (int k : new int[] {0, 9, n * m - 1}) {
          double[] c = new double[n * m];
          for (int q = 0; q < c.length; q++) {
            c[q] = (q * 7 % 11) / 10.0;
          }
          c[k] = bad;
          IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
              () -> s.solve(w, v, c, n, m, cfg));
          assertTrue(e.getMessage().contains("(" + k / m + ", " + k % m + ") is " + bad),
              e.getMessage());
        }
      }
    }
  }

  @Test
  void rejectsBadInputAndBadConfigurations() {
    double[] c = {0, 1, 1, 0};
    double[] w = {0.5, 0.5};
    Sinkhorn s = new Sinkhorn();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.solve(w, new double[] {0.5, 0.7}, c, 2, 2, SinkhornConfig.balanced(1)));
    assertTrue(e.getMessage().contains("equal total masses"), e.getMessage());
    // the same masses are fine for unbalanced OT
    assertTrue(s.solve(w, new double[] {0.5, 0.7}, c, 2, 2,
        SinkhornConfig.unbalanced(1, 0.5, 0.5)).converged());
    e = assertThrows(IllegalArgumentException.class,
        () -> s.solve(w, w, new double[] {0, Double.NaN, 1, 0}, 2, 2, SinkhornConfig.balanced(1)));
    assertTrue(e.getMessage().contains("(0, 1) is NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SinkhornConfig.balanced(0));
    assertTrue(e.getMessage().contains("epsilon must be positive"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SinkhornConfig.unbalanced(1, 0, 1));
    assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> s.solve(new Matrix(2, 3), null, new Matrix(2, 2), null, GroundCost.EUCLIDEAN,
            SinkhornConfig.balanced(1)));
    assertTrue(e.getMessage().contains("2x3 and 2x2"), e.getMessage());
  }

  @Test
  void tauAndRhoAreInverse() {
    double eps = 0.5;
    assertEquals(2.0 / 3, SinkhornConfig.tau(eps, 1.0), 1e-15);
    assertEquals(1.0, SinkhornConfig.rho(eps, 2.0 / 3), 1e-15);
    assertEquals(Double.POSITIVE_INFINITY, SinkhornConfig.rho(eps, 1));
    assertEquals(1.0, SinkhornConfig.tau(eps, Double.POSITIVE_INFINITY));
  }
}
