package org.flowmatch4j.cli;

import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import picocli.CommandLine.Option;

/**
 * The step settings of an ODE solver: {@code --nfe} evaluations of a fixed-step method, or the
 * tolerance {@code atol = rtol} of adaptive dopri5. The command names the solver itself, as its
 * {@code --solver} says what the solver integrates.
 */
final class SolverOptions {
  @Option(names = "--nfe", defaultValue = "100",
      description = "Function evaluations of a fixed-step solver (default: ${DEFAULT-VALUE}).")
  int nfe;

  @Option(names = "--tol", defaultValue = "1e-5", description = "atol = rtol of dopri5 (default: ${DEFAULT-VALUE}).")
  double tol;

  /** The validated solver of this kind with these step settings ({@link SolverSpec#of}). */
  SolverSpec spec(SolverKind kind) {
    return SolverSpec.of(kind, nfe, tol);
  }
}
