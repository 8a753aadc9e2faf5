package org.flowmatch4j.ot;

/**
 * Solves an unbalanced OT problem on a given cost: the plan G (n x m, row-major) between source
 * masses a (n) and target masses b (m) for the cost matrix C (n x m, row-major, finite).
 * Implemented by {@link MmUnbalanced} (no entropy, POT's mm_unbalanced) and {@link
 * EntropicUnbalanced} (the project's unbalanced Sinkhorn).
 */
public interface UnbalancedPlanSolver {
  /** The plan for masses {@code a}, {@code b} and cost {@code cost}. */
  double[] solve(double[] a, double[] b, double[] cost);
}
