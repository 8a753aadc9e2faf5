package org.flowmatch4j.metrics;

import static org.flowmatch4j.ot.GoldenCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.flowmatch4j.ot.GoldenCases;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/**
 * Every metric against scikit-learn / scipy / POT (golden/metrics/metrics.txt, written by
 * src/test/python/gen_ot_goldens.py). Tolerances: 1e-9 relative for exact formulas, 1e-8 where
 * the reference uses a different but equivalent formula (sklearn's rbf_kernel expands the squared
 * distance; the E-distance is computed here from the means).
 */
class MetricsGoldenTest {
  private static final List<GoldenCases.Case> CASES =
      GoldenCases.read("/golden/metrics/metrics.txt");

  @Test
  void matchReferenceImplementations() {
    int checked = 0;
    for (GoldenCases.Case c : CASES) {
      if (!c.has("real")) {
        continue;
      }
      checked++;
      int n = c.integer("n");
      int m = c.integer("m");
      int d = c.integer("d");
      Matrix real = c.matrix("real", n, d);
      Matrix pred = c.matrix("pred", m, d);
      String name = c.name();

      double[] gammas = c.vector("gammas");
      double[] each = c.vector("mmd_each");
      for (int g = 0; g < gammas.length; g++) {
        assertClose(each[g], Mmd.rbf(real, pred, gammas[g]), 1e-8, name + " mmd gamma " + gammas[g]);
      }
      assertClose(c.scalar("mmd"), Mmd.cellflow(real, pred), 1e-8, name + " mmd");
      assertClose(c.scalar("edist"), EnergyDistance.eDistance(real, pred), 1e-8, name + " edist");
      assertClose(c.scalar("energy"), EnergyDistance.energy(real, pred), 1e-9, name + " energy");
      assertClose(c.scalar("r2_scgen"), R2.scgen(pred, real), 1e-9, name + " r2 scgen");
      assertClose(c.scalar("r2_sklearn"), R2.sklearn(real, pred), 1e-9, name + " r2 sklearn");
      assertClose(c.scalar("w1"), Wasserstein.w1(real, pred), 1e-9, name + " w1");
      assertClose(c.scalar("w2"), Wasserstein.w2(real, pred), 1e-9, name + " w2");
      assertClose(c.scalar("w1_weighted"),
          Wasserstein.weightedW1(pred, c.vector("pred_weights"), real), 1e-9, name + " weighted w1");
      if (c.has("pearson")) {
        double[] expected = c.vector("pearson");
        double[] got = Pearson.perFeature(real, pred);
        for (int k = 0; k < d; k++) {
          assertClose(expected[k], got[k], 1e-9, name + " pearson feature " + k);
        }
      }
    }
    assertTrue(checked >= 4);
  }

  @Test
  void oneDimensionalEnergyIsTheSquareOfScipys() {
    GoldenCases.Case c = CASES.stream().filter(k -> k.name().equals("energy-1d")).findFirst()
        .orElseThrow();
    double[] u = c.vector("u");
    double[] v = c.vector("v");
    Matrix mu = new Matrix(u.length, 1);
    Matrix mv = new Matrix(v.length, 1);
    for (int i = 0; i < u.length; i++) {
      mu.data[i] = (float) u[i];
    }
    for (int i = 0; i < v.length; i++) {
      mv.data[i] = (float) v[i];
    }
    double scipy = c.scalar("scipy_energy");
    assertClose(scipy * scipy, EnergyDistance.energy(mu, mv), 1e-9, "1-D energy");
  }
}
