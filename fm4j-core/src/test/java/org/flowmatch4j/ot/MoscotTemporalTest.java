package org.flowmatch4j.ot;

import static org.flowmatch4j.ot.GoldenCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/**
 * The moscot configuration on synthetic cells against a numpy re-implementation of ott-jax with
 * its default stopping (golden/ot/moscot_like.txt): same number of iterations, same early
 * iterate. (The check against moscot's own reference maps needs the h5ad reader; see the class
 * documentation of {@link MoscotTemporal} for the recipe and the agreement reached.)
 */
class MoscotTemporalTest {

  @Test
  void reproducesOttJaxEarlyStoppedIterates() {
    List<GoldenCases.Case> cases = GoldenCases.read("/golden/ot/moscot_like.txt");
    for (GoldenCases.Case c : cases) {
      int n = c.integer("n");
      int m = c.integer("m");
      int d = c.integer("d");
      Matrix x = c.matrix("x", n, d);
      Matrix y = c.matrix("y", m, d);
      SinkhornResult r = MoscotTemporal.transportMap(new Sinkhorn(), x, y, c.scalar("epsilon"),
          c.scalar("tau_a"), c.scalar("tau_b"));
      assertEquals(c.integer("iterations"), r.iterations(), c.name());
      assertTrue(r.converged());
      double[] expected = c.vector("plan");
      for (int k = 0; k < expected.length; k++) {
        assertClose(expected[k], r.plan()[k], 1e-9, c.name() + " entry " + k);
      }
    }
  }

  @Test
  void configurationIsMoscotsDefault() {
    SinkhornConfig cfg = SinkhornConfig.moscot(0.5, MoscotTemporal.tau(1, 0.5),
        MoscotTemporal.tau(10, 0.5));
    assertEquals(CostScaling.MEAN, cfg.scaling());
    assertEquals(1e-3, cfg.tolerance());
    assertEquals(10, cfg.checkEvery());
    assertEquals(2000, cfg.maxIterations());
    assertFalse(cfg.strict());
    assertEquals(2.0 / 3, cfg.tauA(), 1e-15);
    assertEquals(10 / 10.5, cfg.tauB(), 1e-15);
  }
}
