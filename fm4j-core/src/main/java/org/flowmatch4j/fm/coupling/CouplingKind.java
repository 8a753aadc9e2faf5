package org.flowmatch4j.fm.coupling;

/** The couplings by name. */
public enum CouplingKind {
  /** Independent pairs. */
  INDEPENDENT,
  /** Exact minibatch OT, pairs resampled from the plan. */
  EXACT,
  /** Exact minibatch OT, the optimal permutation itself. */
  PERMUTATION,
  /** Balanced entropic OT (Sinkhorn), pairs drawn from the plan. */
  SINKHORN,
  /** Unbalanced entropic OT with KL-relaxed marginals, pairs drawn from the plan. */
  UNBALANCED,
  /**
   * Exact OT between the whole populations of two time points, computed once; pairs drawn with the
   * plan's probabilities ({@link PopulationPlan}). It has no minibatch form: only time courses use it.
   */
  POPULATION,
  /**
   * As {@link #POPULATION}, without the pairs far longer than the plan's others ({@link
   * PopulationPlan#withReach}): an exact unbalanced plan whose reach is the far-out fence of the
   * balanced plan's squared pair lengths.
   */
  POPULATION_REACH
}
