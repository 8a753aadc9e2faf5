package org.flowmatch4j.fm.solver;

/**
 * A solver chosen by name and budget: a fixed-step method spending {@code nfe} evaluations, or
 * Dopri5 with tolerances {@code atol}, {@code rtol} and at most {@code maxSteps} steps.
 */
public record SolverSpec(SolverKind kind, int nfe, double atol, double rtol, int maxSteps) {
  public SolverSpec {
    if (kind == null) {
      throw new IllegalArgumentException("no solver given");
    }
  }

  /** A fixed-step solver with the given NFE. */
  public static SolverSpec fixed(SolverKind kind, int nfe) {
    return new SolverSpec(kind, nfe, 1e-5, 1e-5, 10_000);
  }

  /** Dopri5 with atol = rtol = {@code tol}. */
  public static SolverSpec adaptive(double tol) {
    return new SolverSpec(SolverKind.DOPRI5, 0, tol, tol, 10_000);
  }

  /** The solver. */
  public OdeSolver create() {
    return kind.isAdaptive()
        ? new Dopri5(atol, rtol, maxSteps)
        : FixedStepSolver.withNfe(kind.method(), nfe);
  }

  /** A short description, e.g. {@code euler/100} or {@code dopri5/1e-05}. */
  public String label() {
    return kind.name().toLowerCase() + "/" + (kind.isAdaptive() ? Double.toString(atol) : Integer.toString(nfe));
  }
}
