package org.flowmatch4j.ot;

import static org.flowmatch4j.ot.GoldenCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.flowmatch4j.metrics.Wasserstein;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** Exact costs against POT 0.8.2's ot.emd2 (src/test/python/gen_ot_goldens.py). */
class EmdGoldenTest {
  private static final List<GoldenCases.Case> CASES = GoldenCases.read("/golden/ot/emd.txt");

  @Test
  void everySolverRouteMatchesPot() {
    assertTrue(CASES.size() >= 12);
    for (GoldenCases.Case c : CASES) {
      int n = c.integer("n");
      int m = c.integer("m");
      int d = c.integer("d");
      GroundCost g = c.text("ground").equals("euclidean") ? GroundCost.EUCLIDEAN
          : GroundCost.SQ_EUCLIDEAN;
      Matrix x = c.matrix("x", n, d);
      Matrix y = c.matrix("y", m, d);
      double[] a = c.vector("a");
      double[] b = c.vector("b");
      double expected = c.scalar("cost");
      String name = c.name();

      TransportPlan viaFacade = Emd.plan(x, a, y, b, g);
      assertClose(expected, viaFacade.cost(), 1e-9, name + " (Emd)");
      NetworkSimplexTest.assertMarginals(viaFacade, a, b, 1e-12);

      double[] xd = Points.toDouble(x, "x");
      double[] yd = Points.toDouble(y, "y");
      double[] dense = g.pairwise(xd, n, yd, m, d);
      assertClose(expected, new NetworkSimplex().solve(a, b, dense).cost(),
          1e-9, name + " (network simplex, dense)");
      assertClose(expected, new NetworkSimplex().floatScanMinArcs(0).solve(a, b, dense).cost(),
          1e-9, name + " (network simplex, dense, float pricing)");
      assertClose(expected, new NetworkSimplex().solve(a, xd, b, yd, d, g).cost(), 1e-9,
          name + " (network simplex, on the fly)");
      if (n == m && Emd.isConstant(a) && Emd.isConstant(b)) {
        int[] p = new int[n];
        double v = new Assignment().solve(x, y, g, p) / n;
        assertClose(expected, v, 1e-9, name + " (assignment)");
      }
    }
  }

  @Test
  void wassersteinMetricsAreTheEmdCosts() {
    for (GoldenCases.Case c : CASES) {
      int n = c.integer("n");
      int m = c.integer("m");
      int d = c.integer("d");
      Matrix x = c.matrix("x", n, d);
      Matrix y = c.matrix("y", m, d);
      double[] a = c.vector("a");
      double[] b = c.vector("b");
      double expected = c.scalar("cost");
      if (c.text("ground").equals("euclidean")) {
        assertClose(expected, Wasserstein.w1(x, a, y, b), 1e-9, c.name());
      } else {
        assertClose(Math.sqrt(expected), Wasserstein.w2(x, a, y, b), 1e-9, c.name());
      }
    }
  }

  @Test
  void identityPlanForAShiftedCopy() {
    GoldenCases.Case c = CASES.get(0);
    int n = c.integer("n");
    int d = c.integer("d");
    Matrix x = c.matrix("x", n, d);
    Matrix y = x.copy();
    for (int i = 0; i < n; i++) {
      y.set(i, 0, y.get(i, 0) + 3f);
    }
    TransportPlan p = Emd.plan(x, null, y, null, GroundCost.SQ_EUCLIDEAN);
    for (int k = 0; k < p.size(); k++) {
      assertEquals(p.row(k), p.col(k));
    }
    double w1 = Wasserstein.w1(x, y);
    assertEquals(3.0, w1, 1e-6); // W1 of a translation is its length
  }
}
