package org.flowmatch4j.fm.path;

/** {@code gamma_t = sigma}, {@code dGamma_t = 0}. */
public record ConstantNoise(double sigma) implements NoiseSchedule {
  /** Checks 0 &lt;= sigma &lt; inf. */
  public ConstantNoise {
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("noise sigma must be finite and >= 0, got " + sigma);
    }
  }

  @Override
  public double gamma(double t) {
    return sigma;
  }

  @Override
  public double dGamma(double t) {
    return 0;
  }
}
