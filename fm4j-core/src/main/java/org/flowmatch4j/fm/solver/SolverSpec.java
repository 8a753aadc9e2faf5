package org.flowmatch4j.fm.solver;

import org.flowmatch4j.fm.InvalidSettingException;

/**
 * A solver chosen by name and budget: a fixed-step method spending {@code nfe} evaluations, or
 * Dopri5 with tolerances {@code atol}, {@code rtol} and at most {@code maxSteps} steps. A spec is
 * checked when it is made, so {@link #create()} always succeeds.
 */
public record SolverSpec(SolverKind kind, int nfe, double atol, double rtol, int maxSteps) {
  /**
   * Checks the budget of the kind: a positive multiple of the method's stages for a fixed-step
   * method; atol &gt; 0, rtol &gt;= 0 (both finite) and maxSteps &gt;= 1 for Dopri5.
   *
   * @throws InvalidSettingException naming {@code nfe}, {@code atol}, {@code rtol} or {@code max-steps}
   */
  public SolverSpec {
    if (kind == null) {
      throw new IllegalArgumentException("no solver given");
    }
    if (kind.isAdaptive()) {
      if (!(atol > 0) || !Double.isFinite(atol) || !(rtol >= 0) || !Double.isFinite(rtol) || maxSteps < 1) {
        throw new InvalidSettingException("dopri5 needs finite {atol} > 0 and {rtol} >= 0 and {max-steps} >= 1, got "
            + atol + ", " + rtol + " and " + maxSteps);
      }
    } else {
      int stages = kind.method().stages;
      if (nfe < stages || nfe % stages != 0) {
        throw new InvalidSettingException("{nfe} " + nfe + ": " + kind.name().toLowerCase() + " uses " + stages
            + " evaluations per step, so {nfe} must be a positive multiple of " + stages);
      }
    }
  }

  /** A fixed-step solver with the given NFE. */
  public static SolverSpec fixed(SolverKind kind, int nfe) {
    return new SolverSpec(kind, nfe, 1e-5, 1e-5, 10_000);
  }

  /**
   * Dopri5 with atol = rtol = {@code tol}.
   *
   * @throws InvalidSettingException naming {@code tol} unless it is finite and &gt; 0
   */
  public static SolverSpec adaptive(double tol) {
    if (!(tol > 0) || !Double.isFinite(tol)) {
      throw new InvalidSettingException("{tol} must be a finite number > 0, got " + tol);
    }
    return new SolverSpec(SolverKind.DOPRI5, 0, tol, tol, 10_000);
  }

  /** Dopri5 at {@code tol} when {@code kind} is adaptive, else the fixed-step {@code kind} spending {@code nfe}. */
  public static SolverSpec of(SolverKind kind, int nfe, double tol) {
    return kind.isAdaptive() ? adaptive(tol) : fixed(kind, nfe);
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
