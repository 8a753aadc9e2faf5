package org.flowmatch4j.cli;

import org.flowmatch4j.ot.EntropicUnbalanced;
import org.flowmatch4j.ot.MmUnbalanced;
import org.flowmatch4j.ot.UnbalancedPlanSolver;

/** How {@code --matcher wfr} solves its whole-population unbalanced plans ({@code --wfr-plan}). */
enum WfrPlan {
  /** Majorisation-minimisation without entropy, reg_m = (1, 1), 1000 iterations (as published). */
  MM,
  /** The project's unbalanced Sinkhorn, reg_m = (1, 1), entropic epsilon from {@code --epsilon}. */
  SINKHORN;

  /** The solver, with entropic regularisation {@code epsilon} for SINKHORN. */
  UnbalancedPlanSolver create(double epsilon) {
    return this == MM ? MmUnbalanced.standard() : new EntropicUnbalanced(epsilon, 1, 1);
  }
}
