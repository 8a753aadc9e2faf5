package org.flowmatch4j.cli;

import org.flowmatch4j.fm.coupling.CouplingKind;
import org.flowmatch4j.fm.coupling.CouplingSpec;
import org.flowmatch4j.ot.CostScaling;
import org.flowmatch4j.train.ConfigChecks;
import picocli.CommandLine.Option;

/** Options that replace a matcher's own coupling. */
final class CouplingOptions {
  @Option(names = "--coupling",
      description = "Replace the matcher's coupling: ${COMPLETION-CANDIDATES} (population: exact OT between whole "
          + "populations, the two time points of an interval in fm4j trajectory, where it is otcfm's and otmfm's "
          + "default, a context's control and perturbed cells in fm4j perturb; population_reach: the same without "
          + "the pairs far longer than the plan's others; no other command has them).")
  CouplingKind coupling;

  @Option(names = "--epsilon", defaultValue = "0.05",
      description = "Entropic regularisation of sinkhorn/unbalanced couplings, on the scaled cost (default: ${DEFAULT-VALUE}).")
  double epsilon;

  @Option(names = "--cost-scaling", defaultValue = "max",
      description = "Cost scaling before an entropic solve: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  CostScaling scaling;

  @Option(names = "--tau-a", defaultValue = "0.9",
      description = "Source marginal relaxation of the unbalanced coupling, in (0, 1] (default: ${DEFAULT-VALUE}).")
  double tauA;

  @Option(names = "--tau-b", defaultValue = "0.9",
      description = "Target marginal relaxation of the unbalanced coupling, in (0, 1] (default: ${DEFAULT-VALUE}).")
  double tauB;

  /**
   * The chosen minibatch coupling, or null to keep the matcher's; checks every option of this group
   * first.
   *
   * @throws IllegalArgumentException for {@code --coupling population} or {@code population_reach}, which
   *     only time courses and perturbation tasks have ({@link #courseSpec})
   */
  CouplingSpec spec() {
    CouplingSpec spec = courseSpec();
    if (spec != null && !spec.pairsMinibatches()) {
      throw new IllegalArgumentException("--coupling " + coupling.name().toLowerCase(java.util.Locale.ROOT)
          + " pairs whole populations; only fm4j trajectory and fm4j perturb have it");
    }
    return spec;
  }

  /**
   * As {@link #spec}, with {@code --coupling population} and {@code population_reach} allowed (time
   * courses: two time points; perturbation tasks: a context's control and perturbed cells).
   */
  CouplingSpec courseSpec() {
    ConfigChecks.positive("--epsilon", epsilon);
    if (!(tauA > 0 && tauA <= 1) || !(tauB > 0 && tauB <= 1)) {
      throw new IllegalArgumentException("--tau-a and --tau-b must lie in (0, 1], got " + tauA + " and " + tauB);
    }
    return coupling == null ? null : new CouplingSpec(coupling, epsilon, scaling, tauA, tauB);
  }
}
