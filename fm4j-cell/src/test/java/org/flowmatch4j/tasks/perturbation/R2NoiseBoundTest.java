package org.flowmatch4j.tasks.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.flowmatch4j.metrics.R2;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** {@link R2NoiseBound}: the formula against exact answers, and the expected R^2 it stands for by simulation. */
class R2NoiseBoundTest {

  @Test
  void matchesTheFormulaWorkedByHand() {
    // Genes A = (0, 2, 4), B = (10, 10, 10), C = (1, 1, 4) over three cells. Means 2, 10, 2; variances of
    // the means sum (x - m)^2 / (n (n-1)): 8/6, 0, 6/6. All genes: N = 7/9, var of the means 128/9,
    // S = 121/9, bound 121/128. DEGs {B, A}: N = 2/3, var 16, S = 46/3, bound 23/24.
    Matrix real = new Matrix(3, 3, new float[] {0, 10, 1, 2, 10, 1, 4, 10, 4});
    R2NoiseBound b = R2NoiseBound.of(real, new int[] {1, 0});
    assertEquals(121.0 / 128, b.genes(), 1e-12);
    assertEquals(23.0 / 24, b.deg(), 1e-12);
  }

  @Test
  void isZeroWhereTheMeansDifferLessThanTheirNoise() {
    // A and C have the same mean, 2: no signal across them, whatever their noise.
    Matrix real = new Matrix(3, 3, new float[] {0, 10, 1, 2, 10, 1, 4, 10, 4});
    assertEquals(0.0, R2NoiseBound.of(real, new int[] {0, 2}).deg(), 0);
  }

  @Test
  void isTheExpectedR2OfTheTrueMeansAgainstTheSampleMeans() {
    // 400 genes with true means in [0, 3) and noise sd 0.5 + mean / 2, 30 cells: the average over 200
    // draws of scGen's R^2 of the true means against the sample means, next to the average bound.
    Random rng = new Random(7);
    int genes = 400;
    int n = 30;
    double[] mu = new double[genes];
    for (int g = 0; g < genes; g++) {
      mu[g] = 3 * rng.nextDouble();
    }
    double r2 = 0;
    double bound = 0;
    int draws = 200;
    for (int d = 0; d < draws; d++) {
      Matrix x = new Matrix(n, genes);
      for (int i = 0; i < n; i++) {
        for (int g = 0; g < genes; g++) {
          x.data[i * genes + g] = (float) (mu[g] + (0.5 + mu[g] / 2) * rng.nextGaussian());
        }
      }
      r2 += R2.scgen(mu, PerturbationMetrics.means(x));
      bound += R2NoiseBound.of(x);
    }
    r2 /= draws;
    bound /= draws;
    // Signal var 0.75, noise mean(sd^2) / n = 1.75 / 30: R^2 about 0.928; the bound must say so to within 0.005.
    assertEquals(r2, bound, 0.005);
    assertEquals(0.928, r2, 0.01);
  }

  @Test
  void needsTwoCellsAndTwoGenes() {
    assertThrows(IllegalArgumentException.class, () -> R2NoiseBound.of(new Matrix(1, 3, new float[3])));
    assertThrows(IllegalArgumentException.class, () -> R2NoiseBound.of(new Matrix(3, 1, new float[3])));
  }
}
