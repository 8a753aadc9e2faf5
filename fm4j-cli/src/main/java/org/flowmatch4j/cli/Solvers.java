package org.flowmatch4j.cli;

import java.util.Locale;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.train.ConfigChecks;

/** The ODE solver chosen by {@code --solver}, {@code --nfe} and {@code --tol}, checked before any work. */
public final class Solvers {
  private Solvers() {}

  /**
   * Dopri5 with atol = rtol = {@code tol}, or the fixed-step method {@code kind} spending
   * {@code nfe} evaluations.
   *
   * @throws IllegalArgumentException naming {@code --tol} or {@code --nfe} and the value when it is impossible
   */
  public static SolverSpec spec(SolverKind kind, int nfe, double tol) {
    if (kind.isAdaptive()) {
      ConfigChecks.positive("--tol", tol);
      return SolverSpec.adaptive(tol);
    }
    int stages = kind.method().stages;
    if (nfe < stages || nfe % stages != 0) {
      throw new IllegalArgumentException("--nfe " + nfe + ": " + kind.name().toLowerCase(Locale.ROOT) + " uses " + stages
          + " evaluations per step, so --nfe must be a positive multiple of " + stages);
    }
    return SolverSpec.fixed(kind, nfe);
  }
}
