package org.flowmatch4j.fm.solver;

/** The ODE solvers by name. */
public enum SolverKind {
  EULER(FixedStepMethod.EULER),
  MIDPOINT(FixedStepMethod.MIDPOINT),
  HEUN(FixedStepMethod.HEUN),
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
