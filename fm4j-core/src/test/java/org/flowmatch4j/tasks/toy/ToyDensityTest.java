package org.flowmatch4j.tasks.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flowmatch4j.fm.source.Density;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class ToyDensityTest {
  @Test
  void onlyTheGaussianAndTheEightGaussiansHaveADensity() {
    for (ToyDistribution d : ToyDistribution.values()) {
      boolean closed = d == ToyDistribution.GAUSSIAN || d == ToyDistribution.EIGHT_GAUSSIANS;
      assertEquals(closed, d.density().isPresent(), d.cliName());
    }
  }

  /**
   * The eight-Gaussians density integrates to 1 (quadrature on a grid), and it is the density the
   * sampler draws from: the Monte Carlo mean of log p over samples equals the quadrature of p log
   * p (minus the entropy) within three standard errors.
   */
  @Test
  void eightGaussiansDensityIsNormalisedAndMatchesItsSampler() {
    Density p = ToyDistribution.EIGHT_GAUSSIANS.density().orElseThrow();
    double h = 0.02;
    int m = (int) Math.round(14 / h);
    Matrix grid = new Matrix(m * m, 2);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        grid.data[2 * (i * m + j)] = (float) (-7 + (i + 0.5) * h);
        grid.data[2 * (i * m + j) + 1] = (float) (-7 + (j + 0.5) * h);
      }
    }
    double[] lg = new double[grid.rows];
    p.logDensity(grid, lg);
    double mass = 0;
    double negEntropy = 0;
    for (double l : lg) {
      double q = Math.exp(l);
      mass += q * h * h;
      negEntropy += q * l * h * h;
    }
    assertEquals(1, mass, 1e-4);
    int n = 20_000;
    Matrix x = ToyDistribution.EIGHT_GAUSSIANS.sample(new SplittableRandom(1), n);
    double[] ls = new double[n];
    p.logDensity(x, ls);
    double mean = 0;
    double sq = 0;
    for (double l : ls) {
      mean += l / n;
      sq += l * l / n;
    }
    double se = Math.sqrt((sq - mean * mean) / n);
    assertTrue(Math.abs(mean - negEntropy) < 3 * se, "E[log p] " + mean + " vs " + negEntropy + " (s.e. " + se + ")");
  }
}
