package org.flowmatch4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private static Matrix rows(double[][] v) {
    return Matrix.of(v);
  }

  @Test
  void identicalSetsAreAtDistanceZero() {
    Matrix x = rows(new double[][] {{0, 1}, {2, 3}, {4, 1}});
    assertEquals(0, Mmd.cellflow(x, x.copy()), 1e-15);
    assertEquals(0, EnergyDistance.eDistance(x, x.copy()), 0);
    assertEquals(0, EnergyDistance.energy(x, x.copy()), 1e-15);
    assertEquals(0, Wasserstein.w1(x, x.copy()), 1e-15);
    assertEquals(0, Wasserstein.w2(x, x.copy()), 1e-15);
    assertEquals(1, R2.scgen(x, x), 1e-15);
    assertEquals(1, R2.sklearn(x, x), 1e-15);
  }

  @Test
  void eDistanceIsTwiceTheSquaredMeanShift() {
    Matrix x = rows(new double[][] {{0, 0}, {2, 0}});
    Matrix y = rows(new double[][] {{1, 3}, {1, 5}, {1, 4}});
    // means (1, 0) and (1, 4)
    assertEquals(32, EnergyDistance.eDistance(x, y), 1e-12);
  }

  @Test
  void r2ConventionsAndEdgeCases() {
    double[] real = {1, 2, 3, 4};
    double[] pred = {2, 4, 6, 8};
    assertEquals(1, R2.scgen(pred, real), 1e-15); // perfectly correlated
    assertEquals(1 - (1 + 4 + 9 + 16) / 5.0, R2.sklearn(real, pred), 1e-15); // negative
    assertEquals(1, R2.sklearn(new double[] {3, 3}, new double[] {3, 3}), 0);
    assertEquals(0, R2.sklearn(new double[] {3, 3}, new double[] {3, 4}), 0);
    assertTrue(Double.isNaN(Pearson.of(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
  }

  @Test
  void massErrorIsRelative() {
    assertEquals(0.1, MassError.relative(new double[] {0.5, 0.6}, 1.0), 1e-15);
    assertEquals(0, MassError.relative(new double[] {1.0, 1.0}, 2.0), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MassError.relative(new double[] {1}, 0));
    assertTrue(e.getMessage().contains("target mass"), e.getMessage());
  }

  @Test
  void weightedW1NormalisesTheWeights() {
    Matrix pred = rows(new double[][] {{0}, {10}});
    Matrix target = rows(new double[][] {{0}, {0}});
    // 3/4 of the mass at 0 and 1/4 at 10 after normalising weights (3, 1)
    assertEquals(2.5, Wasserstein.weightedW1(pred, new double[] {3, 1}, target), 1e-12);
    assertEquals(2.5, Wasserstein.weightedW1(pred, new double[] {0.3, 0.1}, target), 1e-12);
  }

  @Test
  void shapeAndValueErrorsNameTheProblem() {
    Matrix a = new Matrix(3, 2);
    Matrix b = new Matrix(3, 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Mmd.cellflow(a, b));
    assertTrue(e.getMessage().contains("3x2 and 3x4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Pearson.perFeature(a, b));
    assertTrue(e.getMessage().contains("same shape"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Mmd.rbf(a, a, -1));
    assertTrue(e.getMessage().contains("gamma must be positive"), e.getMessage());
    Matrix nan = rows(new double[][] {{1, Double.NaN}});
    e = assertThrows(IllegalArgumentException.class, () -> R2.scgen(nan, nan));
    assertTrue(e.getMessage().contains("(0, 1) is NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Wasserstein.w1(a, new double[] {1, 1}, a, null));
    assertTrue(e.getMessage().contains("2 weights for 3 points"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Wasserstein.w1(nan, rows(new double[][] {{0, 0}})));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }
}
