package org.flowmatch4j.fm.path;

/**
 * The Brownian bridge between x0 and x1 with diffusion coefficient {@code sigma}:
 * {@code gamma_t = sigma sqrt(t (1 - t))} and
 * {@code dGamma_t = sigma (1 - 2t) / (2 sqrt(t (1 - t)))}, so that the velocity term
 * {@code dGamma_t eps = (1 - 2t) / (2 t (1 - t)) (x_t - mu_t)} is the one of Tong et al.'s
 * SB-CFM. {@code dGamma} is infinite at t = 0 and t = 1; samplers of training times keep t inside
 * (0, 1).
 */
public record BrownianBridgeNoise(double sigma) implements NoiseSchedule {
  /** Checks 0 &lt; sigma &lt; inf. */
  public BrownianBridgeNoise {
    if (!(sigma > 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("Brownian bridge sigma must be finite and > 0, got " + sigma);
    }
  }

  @Override
  public double gamma(double t) {
    return sigma * Math.sqrt(t * (1 - t));
  }

  @Override
  public double dGamma(double t) {
    return sigma * (1 - 2 * t) / (2 * Math.sqrt(t * (1 - t)));
  }
}
