package org.flowmatch4j.metrics;

/**
 * Relative total-mass error of a weighted prediction: |sum_i w_i - target| / target. In the
 * VGFM / WFR-FM protocol the cells of time 0 start with weight 1/N_0 each and the target at
 * time t is N_t / N_0.
 */
public final class MassError {
  private MassError() {}

  /** |sum(weights) - target| / target, for a positive target and finite weights. */
  public static double relative(double[] weights, double target) {
    if (!(target > 0) || Double.isInfinite(target)) {
      throw new IllegalArgumentException("target mass must be positive and finite, got " + target);
    }
    double s = 0;
    for (int i = 0; i < weights.length; i++) {
      if (!Double.isFinite(weights[i])) {
        throw new IllegalArgumentException("weight " + i + " is " + weights[i]);
      }
      s += weights[i];
    }
    return Math.abs(s - target) / target;
  }
}
