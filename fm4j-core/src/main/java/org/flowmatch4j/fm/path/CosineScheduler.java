package org.flowmatch4j.fm.path;

/**
 * The trigonometric (variance-preserving) interpolant of Albergo and Vanden-Eijnden:
 * {@code alpha_t = sin(pi t / 2)}, {@code sigma_t = cos(pi t / 2)}, so that
 * {@code alpha_t^2 + sigma_t^2 = 1} and {@code u_t = (pi/2)(cos(pi t/2) x1 - sin(pi t/2) x0)}.
 */
public record CosineScheduler() implements Scheduler {
  private static final double HALF_PI = Math.PI / 2;

  @Override
  public double alpha(double t) {
    return Math.sin(HALF_PI * t);
  }

  @Override
  public double sigma(double t) {
    return Math.cos(HALF_PI * t);
  }

  @Override
  public double dAlpha(double t) {
    return HALF_PI * Math.cos(HALF_PI * t);
  }

  @Override
  public double dSigma(double t) {
    return -HALF_PI * Math.sin(HALF_PI * t);
  }
}
