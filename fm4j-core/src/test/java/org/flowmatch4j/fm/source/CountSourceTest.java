package org.flowmatch4j.fm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class CountSourceTest {
  @Test
  void zinbSamplesHaveTheClosedFormZeroFractionMeanAndVariance() {
    ZinbParameters p = new ZinbParameters(new double[] {2, 0.5}, new double[] {1.5, 0.4}, new double[] {0.3, 0.1});
    ZinbSource src = new ZinbSource(p, new double[] {1}, CountTransform.IDENTITY);
    int n = 200_000;
    Matrix x = src.sample(new SplittableRandom(7), n);
    for (int g = 0; g < 2; g++) {
      double mu = p.mu(g);
      double theta = p.theta(g);
      double pi = p.pi(g);
      double zero = pi + (1 - pi) * Math.pow(theta / (theta + mu), theta);
      double mean = (1 - pi) * mu;
      double var = (1 - pi) * mu * (1 + mu / theta + pi * mu);
      double zeros = 0;
      double sum = 0;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        double y = x.get(i, g);
        zeros += y == 0 ? 1 : 0;
        sum += y;
        sq += y * y;
      }
      double m = sum / n;
      assertEquals(zero, zeros / n, 5 * Math.sqrt(zero * (1 - zero) / n), "zero fraction of gene " + g);
      assertEquals(mean, m, 5 * Math.sqrt(var / n), "mean of gene " + g);
      assertEquals(var, sq / n - m * m, 0.03 * var, "variance of gene " + g);
    }
  }

  @Test
  void sizeFactorsScaleTheMeanAndLog1pTransformsTheSamples() {
    ZinbParameters p = ZinbParameters.uniform(1, 4, 2, 0);
    NegativeBinomialSource raw = new NegativeBinomialSource(p, new double[] {0.5, 1.5}, CountTransform.IDENTITY);
    NegativeBinomialSource logged = new NegativeBinomialSource(p, new double[] {0.5, 1.5}, CountTransform.LOG1P);
    Matrix a = raw.sample(new SplittableRandom(8), 100_000);
    Matrix b = logged.sample(new SplittableRandom(8), 100_000);
    double mean = 0;
    for (int i = 0; i < a.rows; i++) {
      mean += a.data[i];
      assertEquals(Math.log1p(a.data[i]), b.data[i], 1e-6);
    }
    // E[s mu] over s uniform on {0.5, 1.5} = mu
    assertEquals(4, mean / a.rows, 0.05);
  }

  @Test
  void logProbabilitiesOfAGeneSumToOne() {
    ZinbParameters p = new ZinbParameters(new double[] {3}, new double[] {0.7}, new double[] {0.25});
    double total = 0;
    for (int y = 0; y < 2000; y++) {
      total += Math.exp(p.logProbability(0, y, 1.3));
    }
    assertEquals(1, total, 1e-10);
  }

  @Test
  void logProbabilityOfACellIsTheSumOverGenes() {
    ZinbSource src = ZinbSource.stflow(3, CountTransform.LOG1P);
    Matrix counts = new Matrix(1, 3, new float[] {0, 2, 5});
    double[] out = new double[1];
    src.logProbability(counts, new double[] {1}, out);
    double mu = Math.exp(0.1);
    double expected = Math.log(0.5 + 0.5 / (1 + mu))
        + 2 * Math.log(0.5) + Math.log(mu * mu / Math.pow(1 + mu, 3)) + Math.log(Math.pow(mu, 5) / Math.pow(1 + mu, 6));
    assertEquals(expected, out[0], 1e-12);
    assertThrows(IllegalArgumentException.class,
        () -> src.logProbability(new Matrix(1, 3, new float[] {0, 1.5f, 0}), new double[] {1}, out));
  }

  @Test
  void stflowPriorIsThePublishedOne() {
    ZinbParameters p = ZinbSource.stflow(5, CountTransform.LOG1P).params();
    for (int g = 0; g < 5; g++) {
      assertEquals(1, p.theta(g));
      assertEquals(Math.exp(0.1), p.mu(g));
      assertEquals(0.5, p.pi(g));
    }
  }

  @Test
  void rejectsBadParameters() {
    assertThrows(IllegalArgumentException.class,
        () -> new ZinbParameters(new double[] {1}, new double[] {0}, new double[] {0}));
    assertThrows(IllegalArgumentException.class,
        () -> new ZinbParameters(new double[] {1}, new double[] {1}, new double[] {1}));
    assertThrows(IllegalArgumentException.class,
        () -> new NegativeBinomialSource(ZinbParameters.stflowPrior(2), new double[] {1}, CountTransform.IDENTITY));
    assertThrows(IllegalArgumentException.class,
        () -> new ZinbSource(ZinbParameters.stflowPrior(2), new double[] {-1}, CountTransform.IDENTITY));
  }
}
