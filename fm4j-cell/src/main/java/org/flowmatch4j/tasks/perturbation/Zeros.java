package org.flowmatch4j.tasks.perturbation;

/**
 * How decoded predictions are made valid expression (non-negative, with the data's zeros); see
 * {@link ZeroThresholds}. Genes with a negative training value are not expression and are left as
 * decoded.
 */
public enum Zeros {
  /** The linear decoding as it is; values may be negative (for comparison only). */
  NONE,
  /** {@code max(x, 0)} per value. */
  CLIP,
  /**
   * Per gene j, {@code x_j > max(tau_j, 0) ? x_j : 0}, with tau_j fitted on the training cells so
   * that their decoded values fall below it as often as their real values are zero.
   */
  THRESHOLD,
  /**
   * The zeros of {@link #THRESHOLD}, and the mean of the linear decoding: per gene j, over the n
   * predicted cells, the kept values are scaled by {@code n max(xbar_j, 0) / sum_i kept_ij}, with
   * {@code xbar_j} the mean of the decoded values before any was set to zero. The zero model then
   * says only which values are zero; each gene's predicted mean stays the decoder's (0 where that
   * is negative, every value then zero). A gene whose values all fall below the threshold stays
   * zero.
   */
  MATCHED
}
