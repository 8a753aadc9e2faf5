package org.flowmatch4j.fm.path;

/**
 * Extra Gaussian noise on a path, {@code gamma_t * eps} with {@code eps ~ N(0, I)} drawn
 * independently of the coupled pair: the width of a stochastic interpolant. Its velocity
 * contribution is {@code dGamma_t * eps}.
 */
public interface NoiseSchedule {
  /** gamma_t, the standard deviation of the added noise. */
  double gamma(double t);

  /** d gamma_t / dt. */
  double dGamma(double t);

  /** No added noise: gamma = 0 (deterministic interpolants). */
  NoiseSchedule NONE = new NoiseSchedule() {
    @Override
    public double gamma(double t) {
      return 0;
    }

    @Override
    public double dGamma(double t) {
      return 0;
    }

    @Override
    public String toString() {
      return "none";
    }
  };

  /** Constant width {@code gamma_t = sigma} (I-CFM and OT-CFM of Tong et al.). */
  static NoiseSchedule constant(double sigma) {
    return new ConstantNoise(sigma);
  }

  /** Brownian-bridge width {@code gamma_t = sigma sqrt(t (1 - t))} (Schrodinger-bridge CFM). */
  static NoiseSchedule brownianBridge(double sigma) {
    return new BrownianBridgeNoise(sigma);
  }
}
