package org.flowmatch4j.fm.source;

/**
 * The log-gamma and digamma functions in double precision, as the count likelihoods need them.
 *
 * <ul>
 *   <li>{@code logGamma(x) = log Gamma(x)} for x &gt; 0: the Lanczos approximation (g = 7, nine
 *       coefficients), relative error about 1e-15;
 *   <li>{@code digamma(x) = d/dx log Gamma(x)} for x &gt; 0: the recurrence
 *       {@code psi(x) = psi(x + 1) - 1/x} up to x &ge; 10, then the asymptotic series
 *       {@code log x - 1/(2x) - 1/(12x^2) + 1/(120x^4) - 1/(252x^6) + 1/(240x^8) - 1/(132x^10)}.
 * </ul>
 */
public final class GammaFunctions {
  private static final double[] LANCZOS = {
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7
  };
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  private GammaFunctions() {}

  /** log Gamma(x) for x &gt; 0. */
  public static double logGamma(double x) {
    if (!(x > 0)) {
      throw new IllegalArgumentException("logGamma needs x > 0, got " + x);
    }
    if (x < 0.5) {
      // Gamma(x) = Gamma(x + 1) / x keeps the series in its accurate range
      return logGamma(x + 1) - Math.log(x);
    }
    double z = x - 1;
    double a = LANCZOS[0];
    double t = z + 7.5;
    for (int k = 1; k < LANCZOS.length; k++) {
      a += LANCZOS[k] / (z + k);
    }
    return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /** psi(x) = d log Gamma(x) / dx for x &gt; 0. */
  public static double digamma(double x) {
    if (!(x > 0)) {
      throw new IllegalArgumentException("digamma needs x > 0, got " + x);
    }
    double shift = 0;
    while (x < 10) {
      shift -= 1 / x;
      x += 1;
    }
    double r = 1 / (x * x);
    double series = r * (1.0 / 12 - r * (1.0 / 120 - r * (1.0 / 252 - r * (1.0 / 240 - r / 132))));
    return shift + Math.log(x) - 0.5 / x - series;
  }
}
