package org.flowmatch4j.tasks.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void matchedKeepsTheZerosOfThresholdAndTheLinearMeans() {
    // tau = (0.3, -inf, +inf) as above. Gene 0: decoded (0.29, 0.31), mean 0.30; threshold keeps
    // (0, 0.31), mean 0.155, scaled by 0.30 / 0.155 to (0, 0.6). Gene 1: (-0.5, 1.5), mean 0.5;
    // kept (0, 1.5), mean 0.75, scaled by 2/3 to (0, 1). Gene 2: all below tau = +inf, stays 0.
    Matrix real = new Matrix(4, 3, new float[] {0, 1, 0, 2, 1, 0, 0, 2, 0, 3, 1, 0});
    Matrix decoded = new Matrix(4, 3, new float[] {0.9f, 1, 0.1f, 0.1f, 1, 0.2f, -0.2f, 2, 0.3f, 0.5f, 1, 0.4f});
    ZeroThresholds t = ZeroThresholds.fit(decoded, real);
    float[] x = {0.29f, -0.5f, 5, 0.31f, 1.5f, 5};
    assertArrayEquals(new float[] {0, 0, 0, 0.6f, 1, 0}, t.apply(new Matrix(2, 3, x), Zeros.MATCHED).data, 1e-6f);
    // Gene 1 with a negative linear mean, (-0.5, 0.01): mean 0 is all zeros, although 0.01 passes.
    float[] y = {0.29f, -0.5f, 5, 0.31f, 0.01f, 5};
    assertArrayEquals(new float[] {0, 0, 0, 0.6f, 0, 0}, t.apply(new Matrix(2, 3, y), Zeros.MATCHED).data, 1e-6f);
  }

  @Test
  void matchedGivesEachGeneTheDecodersMean() {
    // Random decoded values about 0.2 (many negative): after MATCHED every gene that keeps a value
    // has mean max(linear mean, 0), the zeros are those of THRESHOLD and no value is negative.
    java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
    int n = 40;
    int p = 6;
    Matrix real = new Matrix(n, p);
    Matrix decoded = new Matrix(n, p);
    Matrix x = new Matrix(n, p);
    for (int q = 0; q < n * p; q++) {
      real.data[q] = rng.nextDouble() < 0.6 ? 0 : (float) rng.nextDouble(1, 3);
      decoded.data[q] = real.data[q] + (float) rng.nextGaussian() * 0.3f;
      x.data[q] = (float) (0.2 + (q % p) * 0.05 + rng.nextGaussian() * 0.5);
    }
    ZeroThresholds t = ZeroThresholds.fit(decoded, real);
    double[] linear = PerturbationMetrics.means(x);
    Matrix threshold = t.apply(new Matrix(n, p, x.data.clone()), Zeros.THRESHOLD);
    Matrix matched = t.apply(new Matrix(n, p, x.data.clone()), Zeros.MATCHED);
    double[] mean = PerturbationMetrics.means(matched);
    for (int j = 0; j < p; j++) {
      assertEquals(Math.max(linear[j], 0), mean[j], 1e-6, "gene " + j);
    }
    for (int q = 0; q < n * p; q++) {
      assertEquals(threshold.data[q] == 0, matched.data[q] == 0, "value " + q);
      assertTrue(matched.data[q] >= 0);
    }
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
