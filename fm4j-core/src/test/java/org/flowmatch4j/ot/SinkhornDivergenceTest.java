package org.flowmatch4j.ot;

import static org.flowmatch4j.ot.GoldenCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.metrics.SinkhornDivergences;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** Sinkhorn divergences against converged POT plans (golden/ot/divergence.txt). */
class SinkhornDivergenceTest {
  private static final List<GoldenCases.Case> CASES =
      GoldenCases.read("/golden/ot/divergence.txt");

  @Test
  void bothKindsMatchTheReferences() {
    SinkhornDivergence div = new SinkhornDivergence();
    for (GoldenCases.Case c : CASES) {
      int n = c.integer("n");
      int m = c.integer("m");
      int d = c.integer("d");
      Matrix x = c.matrix("x", n, d);
      Matrix y = c.matrix("y", m, d);
      boolean weighted = c.text("weighted").equals("true");
      double[] a = weighted ? c.vector("a") : null;
      double[] b = weighted ? c.vector("b") : null;
      double[] eps = c.vector("epsilons");
      double[] transport = c.vector("transport");
      double[] regularized = c.vector("regularized");
      for (int k = 0; k < eps.length; k++) {
        SinkhornConfig cfg = SinkhornConfig.balanced(eps[k]).withStopping(1e-12, 1_000_000);
        String name = c.name() + " eps=" + eps[k];
        assertClose(regularized[k], div.between(x, a, y, b, GroundCost.SQ_EUCLIDEAN, cfg,
            SinkhornDivergence.Kind.REGULARIZED), 1e-7, name + " regularized");
        assertTrue(div.lastConverged(), name);
        assertClose(transport[k], div.between(x, a, y, b, GroundCost.SQ_EUCLIDEAN, cfg,
            SinkhornDivergence.Kind.TRANSPORT), 1e-7, name + " transport");
        if (!weighted) {
          assertClose(regularized[k], new SinkhornDivergence().cellflow(x, y, eps[k]), 1e-5,
              name + " cellflow settings");
        }
      }
    }
  }

  @Test
  void cellflowTripleMatchesTheReference() {
    GoldenCases.Case c = CASES.get(0);
    int n = c.integer("n");
    int m = c.integer("m");
    int d = c.integer("d");
    double[] got = SinkhornDivergences.cellflow(c.matrix("x", n, d), c.matrix("y", m, d));
    double[] expected = c.vector("regularized");
    for (int k = 0; k < 3; k++) {
      assertClose(expected[k], got[k], 1e-5, "eps " + SinkhornDivergences.CELLFLOW_EPSILONS[k]);
    }
  }

  @Test
  void vanishesOnIdenticalCloudsAndIsPositiveOtherwise() {
    SplittableRandom rng = new SplittableRandom(13);
    Matrix x = new Matrix(40, 3);
    Matrix y = new Matrix(40, 3);
    for (int k = 0; k < x.data.length; k++) {
      x.data[k] = (float) rng.nextGaussian();
      y.data[k] = (float) (rng.nextGaussian() * 0.5 + 0.3);
    }
    assertEquals(0, SinkhornDivergences.at(x, x.copy(), 1.0), 1e-9);
    assertTrue(SinkhornDivergences.at(x, y, 1.0) > 0.01);
  }

  @Test
  void refusesUnbalancedConfigurations() {
    Matrix x = new Matrix(3, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SinkhornDivergence().between(x, null, x, null, GroundCost.SQ_EUCLIDEAN,
            SinkhornConfig.unbalanced(1, 0.5, 1), SinkhornDivergence.Kind.REGULARIZED));
    assertTrue(e.getMessage().contains("balanced"), e.getMessage());
  }
}
