package org.flowmatch4j.fm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The samplers against closed-form moments: each sample mean must lie within 5 standard errors of
 * the exact mean, each sample variance within 5 standard errors (from the fourth central moment)
 * of the exact variance.
 */
class CountSamplerTest {
  private static final int N = 200_000;

  /** Checks mean and variance of draws against the exact values, with the exact 4th central moment. */
  private static void assertMoments(double[] x, double mean, double var, double mu4, String what) {
    double m = 0;
    for (double v : x) {
      m += v;
    }
    m /= x.length;
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    s /= x.length - 1;
    double seMean = Math.sqrt(var / x.length);
    double seVar = Math.sqrt((mu4 - var * var) / x.length);
    assertEquals(mean, m, 5 * seMean, what + " mean");
    assertEquals(var, s, 5 * seVar, what + " variance");
  }

  @Test
  void gammaHasMeanAndVarianceShape() {
    SplittableRandom rng = new SplittableRandom(1);
    for (double a : new double[] {0.05, 0.3, 1, 2.5, 40}) {
      double[] x = new double[N];
      for (int i = 0; i < N; i++) {
        x[i] = CountSampler.gamma(rng, a);
        assertTrue(x[i] >= 0);
      }
      // Gamma(a, 1): mean a, variance a, fourth central moment 3a^2 + 6a
      assertMoments(x, a, a, 3 * a * a + 6 * a, "gamma(" + a + ")");
    }
  }

  @Test
  void gammaMatchesItsDistributionFunctionAtTheMedianOfShapeOne() {
    // Gamma(1) is Exp(1): P(X <= log 2) = 1/2 exactly
    SplittableRandom rng = new SplittableRandom(2);
    int below = 0;
    for (int i = 0; i < N; i++) {
      if (CountSampler.gamma(rng, 1) <= Math.log(2)) {
        below++;
      }
    }
    assertEquals(0.5, below / (double) N, 5 * Math.sqrt(0.25 / N));
  }

  @Test
  void poissonHasMeanAndVarianceLambdaOnBothBranches() {
    SplittableRandom rng = new SplittableRandom(3);
    for (double lambda : new double[] {0.2, 3, 9.99, 10, 37.5, 1000}) {
      double[] x = new double[N];
      for (int i = 0; i < N; i++) {
        x[i] = CountSampler.poisson(rng, lambda);
      }
      // Poisson: mean = variance = lambda, fourth central moment lambda + 3 lambda^2
      assertMoments(x, lambda, lambda, lambda + 3 * lambda * lambda, "poisson(" + lambda + ")");
    }
  }

  @Test
  void poissonFrequenciesMatchThePmf() {
    SplittableRandom rng = new SplittableRandom(4);
    double lambda = 12;
    int[] hist = new int[60];
    for (int i = 0; i < N; i++) {
      hist[(int) CountSampler.poisson(rng, lambda)]++;
    }
    for (int k = 4; k <= 20; k++) {
      double p = Math.exp(-lambda + k * Math.log(lambda) - GammaFunctions.logGamma(k + 1));
      assertEquals(p, hist[k] / (double) N, 5 * Math.sqrt(p * (1 - p) / N), "P(X = " + k + ")");
    }
  }

  @Test
  void negativeBinomialHasTheGammaPoissonVariance() {
    SplittableRandom rng = new SplittableRandom(5);
    for (double[] mt : new double[][] {{0.5, 0.3}, {3, 1}, {40, 5}}) {
      double mu = mt[0];
      double theta = mt[1];
      double[] x = new double[N];
      for (int i = 0; i < N; i++) {
        x[i] = CountSampler.negativeBinomial(rng, mu, theta);
      }
      double var = mu + mu * mu / theta;
      // NB with r = theta, p = theta / (theta + mu): fourth central moment
      // r(1-p)(p^2 - 6p + 6 + 3r(1-p)) / p^4
      double p = theta / (theta + mu);
      double mu4 = theta * (1 - p) * (p * p - 6 * p + 6 + 3 * theta * (1 - p)) / Math.pow(p, 4);
      assertMoments(x, mu, var, mu4, "NB(" + mu + ", " + theta + ")");
    }
  }

  @Test
  void rejectsImpossibleParameters() {
    SplittableRandom rng = new SplittableRandom(6);
    assertThrows(IllegalArgumentException.class, () -> CountSampler.gamma(rng, 0));
    assertThrows(IllegalArgumentException.class, () -> CountSampler.poisson(rng, -1));
    assertThrows(IllegalArgumentException.class, () -> CountSampler.negativeBinomial(rng, 1, 0));
    assertEquals(0, CountSampler.negativeBinomial(rng, 0, 2));
  }
}
