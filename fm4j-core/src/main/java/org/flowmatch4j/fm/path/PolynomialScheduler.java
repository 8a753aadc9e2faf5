package org.flowmatch4j.fm.path;

/**
 * Polynomial schedule of degree {@code n > 0}: {@code alpha_t = t^n}, {@code sigma_t = 1 - t^n},
 * {@code dAlpha_t = n t^(n-1)}, {@code dSigma_t = -n t^(n-1)}. {@code n = 1} is {@link
 * CondOtScheduler}.
 */
public record PolynomialScheduler(double n) implements Scheduler {
  /** Checks 0 &lt; n &lt; inf. */
  public PolynomialScheduler {
    if (!(n > 0) || Double.isInfinite(n)) {
      throw new IllegalArgumentException("polynomial scheduler: degree must be positive, got " + n);
    }
  }

  @Override
  public double alpha(double t) {
    return Math.pow(t, n);
  }

  @Override
  public double sigma(double t) {
    return 1 - Math.pow(t, n);
  }

  @Override
  public double dAlpha(double t) {
    return n * Math.pow(t, n - 1);
  }

  @Override
  public double dSigma(double t) {
    return -n * Math.pow(t, n - 1);
  }
}
