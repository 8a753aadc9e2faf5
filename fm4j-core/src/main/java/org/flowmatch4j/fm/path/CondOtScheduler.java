package org.flowmatch4j.fm.path;

/**
 * The conditional optimal-transport (rectified flow) schedule: {@code alpha_t = t},
 * {@code sigma_t = 1 - t}, so {@code x_t = t x1 + (1 - t) x0} and {@code u_t = x1 - x0}.
 */
public record CondOtScheduler() implements Scheduler {
  @Override
  public double alpha(double t) {
    return t;
  }

  @Override
  public double sigma(double t) {
    return 1 - t;
  }

  @Override
  public double dAlpha(double t) {
    return 1;
  }

  @Override
  public double dSigma(double t) {
    return -1;
  }
}
