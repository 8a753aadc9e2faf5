package org.flowmatch4j.tasks.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** The per-gene zero model of decoded predictions and the expression metrics it is judged by. */
class ZeroThresholdsTest {

  @Test
  void thresholdIsTheMidpointAtTheRealZeroFraction() {
    // Gene 0: real zeros in 2 of 4 cells, decoded values sorted (-0.2, 0.1, 0.5, 0.9): tau = (0.1 + 0.5) / 2.
    // Gene 1: no real zeros: tau = -inf. Gene 2: all zeros: tau = +inf.
    Matrix real = new Matrix(4, 3, new float[] {0, 1, 0, 2, 1, 0, 0, 2, 0, 3, 1, 0});
    Matrix decoded = new Matrix(4, 3, new float[] {0.9f, 1, 0.1f, 0.1f, 1, 0.2f, -0.2f, 2, 0.3f, 0.5f, 1, 0.4f});
    ZeroThresholds t = ZeroThresholds.fit(decoded, real);
    double[] tau = t.tau();
    assertEquals(0.3, tau[0], 1e-7);
    assertEquals(Double.NEGATIVE_INFINITY, tau[1]);
    assertEquals(Double.POSITIVE_INFINITY, tau[2]);
    // Threshold: x > max(tau, 0) kept, else 0. Clip: x > 0 kept. None: unchanged.
    float[] x = {0.29f, -0.5f, 5, 0.31f, 0.01f, 5};
    assertArrayEquals(new float[] {0, 0, 0, 0.31f, 0.01f, 0},
        t.apply(new Matrix(2, 3, x.clone()), Zeros.THRESHOLD).data);
    assertArrayEquals(new float[] {0.29f, 0, 5, 0.31f, 0.01f, 5}, t.apply(new Matrix(2, 3, x.clone()), Zeros.CLIP).data);
    assertArrayEquals(x, t.apply(new Matrix(2, 3, x.clone()), Zeros.NONE).data);
  }

  @Test
  void decodedTrainingCellsGetTheirRealZeroFractionBack() {
    // Decoded = a monotone smear of the real values: thresholding them restores each gene's zero count.
    int n = 50;
    Matrix real = new Matrix(n, 2);
    Matrix decoded = new Matrix(n, 2);
    for (int i = 0; i < n; i++) {
      real.data[2 * i] = i < 30 ? 0 : 1 + i;
      real.data[2 * i + 1] = i % 5 == 0 ? 0 : 2;
      decoded.data[2 * i] = i * 0.1f - 1;
      decoded.data[2 * i + 1] = (i % 5 == 0 ? 0.5f : 2) + 0.001f * i;
    }
    Matrix out = ZeroThresholds.fit(decoded, real).apply(decoded, Zeros.THRESHOLD);
    int[] zeros = new int[2];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 2; j++) {
        if (out.data[2 * i + j] == 0) {
          zeros[j]++;
        }
      }
    }
    assertArrayEquals(new int[] {30, 10}, zeros);
  }

  @Test
  void genesWithNegativeTrainingValuesAreLeftAsDecoded() {
    // Gene 0 is centred data (a negative training value), gene 1 expression.
    Matrix real = new Matrix(3, 2, new float[] {-1, 0, 0, 2, 1, 0});
    ZeroThresholds t = ZeroThresholds.fit(real, real);
    assertArrayEquals(new boolean[] {false, true}, t.expression());
    float[] x = {-0.5f, -0.5f, 0.4f, 0.4f};
    assertArrayEquals(new float[] {-0.5f, 0, 0.4f, 0}, t.apply(new Matrix(2, 2, x.clone()), Zeros.THRESHOLD).data);
    assertArrayEquals(new float[] {-0.5f, 0, 0.4f, 0.4f}, t.apply(new Matrix(2, 2, x.clone()), Zeros.CLIP).data);
  }

  @Test
  void shapesMustAgree() {
    assertThrows(IllegalArgumentException.class, () -> ZeroThresholds.fit(new Matrix(2, 3), new Matrix(3, 3)));
    ZeroThresholds t = ZeroThresholds.fit(new Matrix(2, 3), new Matrix(2, 3));
    assertThrows(IllegalArgumentException.class, () -> t.apply(new Matrix(1, 2), Zeros.CLIP));
  }

  @Test
  void expressionMetricsOnExactCounts() {
    // Real: gene 0 zero in 1 of 2 cells, gene 1 in 0 of 2. Predicted: 1 negative of 6 values;
    // zero fractions (2/3, 1/3) against (1/2, 0): error (1/6 + 1/3) / 2 = 1/4.
    Matrix real = new Matrix(2, 2, new float[] {0, 1, 2, 3});
    Matrix pred = new Matrix(3, 2, new float[] {0, 0, 0, 1, -1, 2});
    Map<Metric, Double> s = new PerturbationMetrics(real, real, true).score(pred);
    assertEquals(1.0 / 6, s.get(Metric.NEGATIVE_FRACTION), 1e-12);
    assertEquals(0.25, s.get(Metric.ZERO_FRACTION_ERROR), 1e-12);
    Map<Metric, Double> plain = new PerturbationMetrics(real, real).score(pred);
    assertFalse(plain.containsKey(Metric.NEGATIVE_FRACTION));
  }
}
