package org.flowmatch4j.fm.path;

/**
 * The conditional flow-matching path of Lipman et al. (2023) with a minimum width
 * {@code sigmaMin}: {@code mu_t = t x1}, {@code sigma_t = 1 - (1 - sigmaMin) t}, written as an
 * affine path with a standard Gaussian source: {@code alpha_t = t},
 * {@code sigma_t = 1 - (1 - sigmaMin) t}. Its velocity {@code u_t = x1 - (1 - sigmaMin) x0}
 * equals Lipman's {@code (x1 - (1 - sigmaMin) x_t) / (1 - (1 - sigmaMin) t)}.
 */
public record LipmanScheduler(double sigmaMin) implements Scheduler {
  /** Checks 0 &lt;= sigmaMin &lt; 1. */
  public LipmanScheduler {
    if (!(sigmaMin >= 0 && sigmaMin < 1)) {
      throw new IllegalArgumentException("Lipman scheduler: sigmaMin must be in [0, 1), got " + sigmaMin);
    }
  }

  @Override
  public double alpha(double t) {
    return t;
  }

  @Override
  public double sigma(double t) {
    return 1 - (1 - sigmaMin) * t;
  }

  @Override
  public double dAlpha(double t) {
    return 1;
  }

  @Override
  public double dSigma(double t) {
    return -(1 - sigmaMin);
  }
}
