package org.flowmatch4j.ot;

import static org.flowmatch4j.ot.GoldenCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two stopping rules: POT's against POT 0.8.2's own {@code ot.sinkhorn} stopped early (same
 * number of iterations, same last error, same plan), and when each rule evaluates its error.
 */
class SinkhornStoppingTest {
  private static final List<GoldenCases.Case> CASES =
      GoldenCases.read("/golden/ot/sinkhorn_pot_stopping.txt");

  @ParameterizedTest
  @EnumSource(SinkhornMode.class)
  void potRuleStopsAfterTheIterationsPotStopsAfter(SinkhornMode mode) {
    assertEquals(4, CASES.size());
    Sinkhorn solver = new Sinkhorn();
    for (GoldenCases.Case c : CASES) {
      int n = c.integer("n");
      int m = c.integer("m");
      Matrix x = c.matrix("x", n, c.integer("d"));
      Matrix y = c.matrix("y", m, c.integer("d"));
      SinkhornConfig cfg = SinkhornConfig.balanced(c.scalar("epsilon"))
          .withScaling(CostScaling.MAX)
          .withStopping(c.scalar("stop"), 100_000)
          .withMode(mode)
          .withStoppingRule(SinkhornStopping.POT);
      SinkhornResult r = solver.solve(x, c.vector("a"), y, c.vector("b"),
          GroundCost.SQ_EUCLIDEAN, cfg);
      String name = c.name() + " " + mode;
      assertTrue(r.converged(), name);
      assertEquals(c.integer("iterations"), r.iterations(), name);
      assertClose(c.scalar("error"), r.error(), 1e-6, name + " error");
      double[] expected = c.vector("plan");
      for (int k = 0; k < expected.length; k++) {
        assertClose(expected[k], r.plan()[k], 1e-9, name + " plan entry " + k);
      }
    }
  }

  private static Matrix cloud(SplittableRandom rng, int n, double shift) {
    Matrix x = new Matrix(n, 2);
    for (int k = 0; k < x.data.length; k++) {
      x.data[k] = (float) (rng.nextGaussian() + shift);
    }
    return x;
  }

  @Test
  void eachRuleChecksAfterItsOwnIterations() {
    SplittableRandom rng = new SplittableRandom(4);
    Matrix x = cloud(rng, 23, 0);
    Matrix y = cloud(rng, 29, 1);
    SinkhornConfig base = SinkhornConfig.balanced(0.02).withScaling(CostScaling.MAX)
        .withStopping(1e-11, 100_000);
    Sinkhorn solver = new Sinkhorn();
    SinkhornResult ott = solver.solve(x, null, y, null, GroundCost.SQ_EUCLIDEAN, base);
    assertTrue(ott.converged());
    assertEquals(0, ott.iterations() % 10, "ott-jax's rule checks after 10, 20, ...");
    SinkhornResult pot = solver.solve(x, null, y, null, GroundCost.SQ_EUCLIDEAN,
        base.withStoppingRule(SinkhornStopping.POT));
    assertTrue(pot.converged());
    assertEquals(1, pot.iterations() % 10, "POT's rule checks after 1, 11, 21, ...");
    // the error reported is the L2 norm of the column-marginal error of the plan returned
    double[] cols = pot.colSums();
    double sq = 0;
    for (double c : cols) {
      sq += (c - 1.0 / 29) * (c - 1.0 / 29);
    }
    assertEquals(Math.sqrt(sq), pot.error(), 1e-13);
    assertTrue(pot.error() < 1e-11);
    // at the iteration limit the error is evaluated whatever the cadence
    SinkhornResult capped = solver.solve(x, null, y, null, GroundCost.SQ_EUCLIDEAN,
        base.withStoppingRule(SinkhornStopping.POT).withStopping(1e-11, 15).withStrict(false));
    assertFalse(capped.converged());
    assertEquals(15, capped.iterations());
    assertTrue(capped.error() > 1e-11 && Double.isFinite(capped.error()));
  }
}
