package org.flowmatch4j.fm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class SourceTest {
  @Test
  void gaussianHasZeroMeanUnitVarianceAndIsSeeded() {
    Matrix a = new GaussianSource(3).sample(new SplittableRandom(5), 30_000);
    Matrix b = new GaussianSource(3).sample(new SplittableRandom(5), 30_000);
    assertEquals(a, b);
    for (int j = 0; j < 3; j++) {
      double m = 0, s = 0;
      for (int i = 0; i < a.rows; i++) {
        m += a.get(i, j);
        s += a.get(i, j) * a.get(i, j);
      }
      assertEquals(0, m / a.rows, 0.03);
      assertEquals(1, s / a.rows, 0.03);
    }
  }

  @Test
  void mixtureDrawsComponentsByWeight() {
    Matrix means = new Matrix(2, 1, new float[] {-10, 10});
    GaussianMixtureSource src = new GaussianMixtureSource(means, new double[] {0.1, 0.1}, new double[] {1, 3});
    Matrix x = src.sample(new SplittableRandom(6), 40_000);
    int right = 0;
    for (float v : x.data) {
      assertTrue(Math.abs(Math.abs(v) - 10) < 1, "sample " + v + " far from both means");
      right += v > 0 ? 1 : 0;
    }
    assertEquals(0.75, right / 40_000.0, 0.01);
  }

  @Test
  void empiricalDrawsRowsOfTheData() {
    Matrix data = new Matrix(3, 2, new float[] {1, 2, 3, 4, 5, 6});
    EmpiricalSource src = new EmpiricalSource(data);
    Matrix x = new Matrix(50, 2);
    int[] idx = new int[50];
    src.sample(new SplittableRandom(7), x, idx);
    for (int i = 0; i < 50; i++) {
      assertEquals(data.get(idx[i], 0), x.get(i, 0));
      assertEquals(data.get(idx[i], 1), x.get(i, 1));
    }
  }

  @Test
  void badConfigurationsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new GaussianSource(0));
    assertThrows(IllegalArgumentException.class, () -> new EmpiricalSource(new Matrix(0, 2)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GaussianSource(2).sample(new SplittableRandom(1), new Matrix(4, 3)));
    assertEquals("source of dimension 2 cannot fill a matrix with 3 columns", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new GaussianMixtureSource(new Matrix(2, 1), new double[] {1, 1}, new double[] {0, 0}));
    assertTrue(e.getMessage().contains("weights sum to 0"), e.getMessage());
  }
}
