package org.flowmatch4j.fm.solver;

/** The ODE solvers by name. */
public enum SolverKind {
  /** Fixed steps of {@link FixedStepMethod#EULER}. */
  EULER(FixedStepMethod.EULER),
  /** Fixed steps of {@link FixedStepMethod#MIDPOINT}. */
  MIDPOINT(FixedStepMethod.MIDPOINT),
  /** Fixed steps of {@link FixedStepMethod#HEUN}. */
  HEUN(FixedStepMethod.HEUN),
  /** Fixed steps of {@link FixedStepMethod#RK4}. */
  RK4(FixedStepMethod.RK4),
  /** Adaptive Dormand-Prince 5(4). */
  DOPRI5(null);

  private final FixedStepMethod method;

  SolverKind(FixedStepMethod method) {
    this.method = method;
  }

  /** The fixed-step method, or null for the adaptive solver. */
  public FixedStepMethod method() {
    return method;
  }

  /** True for the adaptive solver, whose NFE is decided by its tolerances. */
  public boolean isAdaptive() {
    return method == null;
  }
}
