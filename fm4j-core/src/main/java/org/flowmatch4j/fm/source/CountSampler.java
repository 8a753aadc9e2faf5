package org.flowmatch4j.fm.source;

import java.util.random.RandomGenerator;

/**
 * Exact samplers for the count distributions, drawing only from the given generator:
 *
 * <ul>
 *   <li>Gamma(shape a, scale 1) by Marsaglia and Tsang (2000): for a &ge; 1, with
 *       {@code d = a - 1/3}, {@code c = 1 / sqrt(9d)}, draw z ~ N(0, 1), {@code v = (1 + cz)^3},
 *       u ~ U(0, 1) and accept {@code d v} when v &gt; 0 and
 *       {@code log u < z^2/2 + d - d v + d log v}; for a &lt; 1,
 *       {@code Gamma(a) = Gamma(a + 1) u^(1/a)};
 *   <li>Poisson(lambda): multiplication of uniforms for lambda &lt; 10, Hörmann's transformed
 *       rejection with squeeze (PTRS, 1993) above;
 *   <li>negative binomial NB(mean mu, inverse dispersion theta) as the gamma-Poisson mixture
 *       {@code Poisson(lambda)}, {@code lambda ~ Gamma(theta, scale mu / theta)}, whose variance
 *       is {@code mu + mu^2 / theta}.
 * </ul>
 */
public final class CountSampler {
  private CountSampler() {}

  /** One draw of Gamma(shape, scale 1), shape &gt; 0. */
  public static double gamma(RandomGenerator rng, double shape) {
    if (!(shape > 0) || Double.isInfinite(shape)) {
      throw new IllegalArgumentException("gamma shape must be positive and finite, got " + shape);
    }
    if (shape < 1) {
      double u = rng.nextDouble();
      return gamma(rng, shape + 1) * Math.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double z = rng.nextGaussian();
      double v = 1 + c * z;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = rng.nextDouble();
      double z2 = z * z;
      if (u < 1 - 0.0331 * z2 * z2 || Math.log(u) < 0.5 * z2 + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  /** One draw of Poisson(lambda), lambda &ge; 0. */
  public static long poisson(RandomGenerator rng, double lambda) {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("Poisson mean must be finite and >= 0, got " + lambda);
    }
    if (lambda == 0) {
      return 0;
    }
    return lambda < 10 ? poissonSmall(rng, lambda) : poissonPtrs(rng, lambda);
  }

  /** Counts uniforms until their product falls below exp(-lambda). */
  private static long poissonSmall(RandomGenerator rng, double lambda) {
    double limit = Math.exp(-lambda);
    double prod = rng.nextDouble();
    long k = 0;
    while (prod > limit) {
      prod *= rng.nextDouble();
      k++;
    }
    return k;
  }

  /** Transformed rejection with squeeze (Hörmann 1993), for lambda &ge; 10. */
  private static long poissonPtrs(RandomGenerator rng, double lambda) {
    double sqrtLambda = Math.sqrt(lambda);
    double logLambda = Math.log(lambda);
    double b = 0.931 + 2.53 * sqrtLambda;
    double a = -0.059 + 0.02483 * b;
    double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = rng.nextDouble() - 0.5;
      double v = rng.nextDouble();
      double us = 0.5 - Math.abs(u);
      long k = (long) Math.floor((2 * a / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) {
        return k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      double lhs = Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b);
      double rhs = -lambda + k * logLambda - GammaFunctions.logGamma(k + 1);
      if (lhs <= rhs) {
        return k;
      }
    }
  }

  /** One draw of NB(mean mu, inverse dispersion theta): Poisson(Gamma(theta, scale mu / theta)). */
  public static long negativeBinomial(RandomGenerator rng, double mu, double theta) {
    if (!(mu >= 0) || !(theta > 0)) {
      throw new IllegalArgumentException("negative binomial needs mu >= 0 and theta > 0, got " + mu + ", " + theta);
    }
    if (mu == 0) {
      return 0;
    }
    return poisson(rng, gamma(rng, theta) * (mu / theta));
  }
}
