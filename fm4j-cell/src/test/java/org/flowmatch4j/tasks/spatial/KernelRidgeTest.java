package org.flowmatch4j.tasks.spatial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** Kernel ridge against its closed form on two training spots (scikit-learn's: {@link SectionCvTest}). */
class KernelRidgeTest {

  /**
   * Training features 3 and 5 (z-scores -1 and +1), targets (0, 10) and (2, 10): with {@code k =
   * exp(-4 gamma)} the dual coefficients of the centred first target are {@code (-1, 1) / (1 + alpha
   * - k)}, so the prediction at the first spot is {@code 1 - (1 - k) / (1 + alpha - k)}; the constant
   * target is predicted exactly and a query far from both spots gets the mean.
   */
  @Test
  void twoSpotsMatchTheClosedForm() {
    Matrix x = Matrix.of(new double[][] {{3}, {5}});
    Matrix y = Matrix.of(new double[][] {{0, 10}, {2, 10}});
    Matrix q = Matrix.of(new double[][] {{3}, {4}, {1000}});
    double alpha = 0.5;
    double gammaScale = 0.3;
    Matrix p = KernelRidge.fitPredict(x, y, q, new KernelRidge.Setting(alpha, gammaScale));
    double k = Math.exp(-4 * gammaScale);
    assertEquals(1 - (1 - k) / (1 + alpha - k), p.get(0, 0), 1e-6);
    assertEquals(10, p.get(0, 1), 1e-6);
    // the midpoint (z = 0) is equally far from both spots: the centred coefficients cancel
    assertEquals(1, p.get(1, 0), 1e-6);
    assertEquals(1, p.get(2, 0), 1e-6);
  }

  @Test
  void settingsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new KernelRidge.Setting(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new KernelRidge.Setting(1, -1));
  }
}
