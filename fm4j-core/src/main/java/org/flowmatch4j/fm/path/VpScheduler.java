package org.flowmatch4j.fm.path;

/**
 * The variance-preserving schedule of the VP-SDE (Song et al. 2021) with a linear
 * {@code beta(s) = betaMin + (betaMax - betaMin) s} in diffusion time {@code s = 1 - t}:
 *
 * <pre>
 *   T(t)      = integral_0^{1-t} beta(s) ds = betaMin (1 - t) + (betaMax - betaMin)(1 - t)^2 / 2
 *   alpha_t   = exp(-T/2),            sigma_t  = sqrt(1 - exp(-T))
 *   dAlpha_t  = -dT/2 exp(-T/2),      dSigma_t = dT exp(-T) / (2 sigma_t),   dT = -beta(1 - t)
 * </pre>
 *
 * At {@code t = 1} the path reaches the data ({@code alpha = 1, sigma = 0}, where dSigma is
 * infinite); at {@code t = 0} it is close to, not exactly, the standard Gaussian
 * ({@code alpha_0 = exp(-5.025)} for the defaults betaMin = 0.1, betaMax = 20).
 */
public record VpScheduler(double betaMin, double betaMax) implements Scheduler {
  /** Checks 0 &lt; betaMin &lt;= betaMax &lt; inf. */
  public VpScheduler {
    if (!(betaMin > 0 && betaMax >= betaMin) || Double.isInfinite(betaMax)) {
      throw new IllegalArgumentException(
          "VP scheduler: need 0 < betaMin <= betaMax, got " + betaMin + ", " + betaMax);
    }
  }

  /** The usual defaults, betaMin = 0.1 and betaMax = 20. */
  public static VpScheduler standard() {
    return new VpScheduler(0.1, 20);
  }

  /** beta at diffusion time {@code s = 1 - t}, i.e. the squared diffusion coefficient g(t)^2. */
  public double beta(double t) {
    double s = 1 - t;
    return betaMin + (betaMax - betaMin) * s;
  }

  /** T(t), the integrated noise rate. */
  public double integratedBeta(double t) {
    double s = 1 - t;
    return betaMin * s + 0.5 * (betaMax - betaMin) * s * s;
  }

  @Override
  public double alpha(double t) {
    return Math.exp(-0.5 * integratedBeta(t));
  }

  @Override
  public double sigma(double t) {
    return Math.sqrt(-Math.expm1(-integratedBeta(t)));
  }

  @Override
  public double dAlpha(double t) {
    return 0.5 * beta(t) * alpha(t);
  }

  @Override
  public double dSigma(double t) {
    double bigT = integratedBeta(t);
    return -0.5 * beta(t) * Math.exp(-bigT) / Math.sqrt(-Math.expm1(-bigT));
  }
}
