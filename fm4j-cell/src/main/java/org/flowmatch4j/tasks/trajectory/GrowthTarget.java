package org.flowmatch4j.tasks.trajectory;

/**
 * Which masses a WFR training pair's geodesic runs between ({@link org.flowmatch4j.ot.SemiCouplings}).
 */
public enum GrowthTarget {
  /** The pair's own semi-coupling masses {@code m0 = gamma0_ij}, {@code m1 = gamma1_ij}, as published. */
  PAIR,
  /**
   * The same m0, and m1 from the source's row ratio and the target's column ratio, each in log
   * averaged over the cell's {@code ceil(sqrt(N))} nearest cells of its own time point (N cells
   * there): a k-nearest-neighbour mean whose k grows with N while k / N falls.
   */
  SMOOTHED;

  /** Neighbours averaged over in a population of n cells: 1 (the cell itself) for PAIR. */
  public int neighbours(int n) {
    return this == PAIR ? 1 : (int) Math.ceil(Math.sqrt(n));
  }
}
