package org.flowmatch4j.tasks.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.flowmatch4j.metrics.EnergyDistance;
import org.flowmatch4j.metrics.Mmd;
import org.flowmatch4j.metrics.R2;
import org.flowmatch4j.metrics.SinkhornDivergences;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** The R^2 definitions and the distribution metrics of {@link PerturbationMetrics}. */
class PerturbationMetricsTest {

  private static Matrix gaussian(int n, int d, double shift, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Matrix m = new Matrix(n, d);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = (float) (r.nextGaussian() + shift * (i % d));
    }
    return m;
  }

  @Test
  void r2DefinitionsOnExactMeans() {
    // Real means (1, 2, 3); predicted means (3, 5, 7) = 2 * real + 1: a perfect line, so scGen's
    // R^2 (squared Pearson) is 1, while scikit-learn's is 1 - SS_res / SS_tot = 1 - (4+9+16) / 2.
    Matrix real = new Matrix(2, 3, new float[] {0, 1, 2, 2, 3, 4});
    Matrix pred = new Matrix(1, 3, new float[] {3, 5, 7});
    Matrix control = new Matrix(1, 3, new float[] {1, 1, 1});
    Map<Metric, Double> s = new PerturbationMetrics(real, control).score(pred);
    assertEquals(1.0, s.get(Metric.R2), 1e-12);
    assertEquals(1 - 29.0 / 2.0, s.get(Metric.R2_SKLEARN), 1e-12);
    // Mean shifts: predicted (2, 4, 6), real (0, 1, 2): perfectly correlated.
    assertEquals(1.0, s.get(Metric.PEARSON_DELTA), 1e-12);
    // E-distance 2 ||mean_pred - mean_real||^2 = 2 (4 + 9 + 16).
    assertEquals(58.0, s.get(Metric.E_DISTANCE), 1e-9);
  }

  @Test
  void agreesWithTheMetricsPackage() {
    Matrix real = gaussian(40, 5, 0.3, 1);
    Matrix control = gaussian(30, 5, 0.0, 2);
    Matrix pred = gaussian(35, 5, 0.25, 3);
    PerturbationMetrics pm = new PerturbationMetrics(real, control);
    Map<Metric, Double> s = pm.score(pred);
    assertEquals(R2.scgen(pred, real), s.get(Metric.R2), 1e-9);
    assertEquals(R2.sklearn(real, pred), s.get(Metric.R2_SKLEARN), 1e-9);
    assertEquals(EnergyDistance.eDistance(pred, real), s.get(Metric.E_DISTANCE), 1e-6);
    assertEquals(EnergyDistance.energy(pred, real), s.get(Metric.ENERGY), 1e-6);
    assertEquals(Mmd.cellflow(pred, real), s.get(Metric.MMD), 1e-6);
    assertEquals(SinkhornDivergences.at(pred, real, 1), s.get(Metric.SINKHORN_1), 1e-3);
    assertEquals(SinkhornDivergences.at(pred, real, 10), s.get(Metric.SINKHORN_10), 1e-3);
    assertEquals(SinkhornDivergences.at(pred, real, 100), s.get(Metric.SINKHORN_100), 1e-3);
    // The same object scores a second prediction consistently (cached real-vs-real terms).
    Map<Metric, Double> again = pm.score(pred);
    assertEquals(s, again);
    Map<Metric, Double> self = pm.score(real);
    assertEquals(1.0, self.get(Metric.R2), 1e-9);
    assertTrue(Math.abs(self.get(Metric.ENERGY)) < 1e-9);
    assertTrue(Math.abs(self.get(Metric.SINKHORN_10)) < 1e-6);
  }
}
