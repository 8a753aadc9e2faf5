package org.flowmatch4j.fm.coupling;

/** How a minibatch transport plan becomes training pairs. */
public enum PlanUse {
  /**
   * Draw the n pairs (i, j) independently with probability P_ij / sum(P), as TorchCFM's
   * {@code OTPlanSampler} does (some source points repeat, others are left out).
   */
  RESAMPLE,
  /**
   * Use the optimal permutation itself: pair k is (x0[k], x1[sigma(k)]) (exact OT between batches
   * of equal size only).
   */
  PERMUTATION
}
