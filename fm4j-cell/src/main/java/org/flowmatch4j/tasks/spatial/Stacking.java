package org.flowmatch4j.tasks.spatial;

/**
 * Which baseline's prediction of a spot's targets the flow also sees ({@link FlowFeatures}):
 * stacking lets the flow learn how far to trust a regression's prediction.
 */
public enum Stacking {
  /** None: the flow sees the image features only. */
  NONE,
  /** The ridge baseline's prediction ({@link Ridge}, its cross-validated penalty). */
  RIDGE,
  /** The kernel ridge baseline's prediction ({@link KernelRidge}, its cross-validated setting). */
  KERNEL_RIDGE
}
