package org.flowmatch4j.cli;

import org.flowmatch4j.fm.coupling.CouplingKind;
import org.flowmatch4j.fm.coupling.CouplingSpec;
import org.flowmatch4j.ot.CostScaling;
import org.flowmatch4j.train.ConfigChecks;
import picocli.CommandLine.Option;

/** Options that replace a matcher's own coupling, and the optimiser extras. */
final class CouplingOptions {
  @Option(names = "--coupling",
      description = "Replace the matcher's coupling: ${COMPLETION-CANDIDATES}.")
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

  @Option(names = "--grad-clip", defaultValue = "0",
      description = "Clip gradients to this global norm; 0 for none (default: ${DEFAULT-VALUE}).")
  double gradClip;

  @Option(names = "--ema", defaultValue = "0",
      description = "Decay of the weight average used for sampling, e.g. 0.999; 0 for none (default: ${DEFAULT-VALUE}).")
  double ema;

  /** The chosen coupling, or null to keep the matcher's; checks every option of this group first. */
  CouplingSpec spec() {
    if (!(gradClip >= 0)) {
      throw new IllegalArgumentException("--grad-clip: expected a norm >= 0 (0 for none), got " + gradClip);
    }
    if (!(ema >= 0 && ema < 1)) {
      throw new IllegalArgumentException("--ema: expected a decay in [0, 1) (0 for none), got " + ema);
    }
    ConfigChecks.positive("--epsilon", epsilon);
    if (!(tauA > 0 && tauA <= 1) || !(tauB > 0 && tauB <= 1)) {
      throw new IllegalArgumentException("--tau-a and --tau-b must lie in (0, 1], got " + tauA + " and " + tauB);
    }
    return coupling == null ? null : new CouplingSpec(coupling, epsilon, scaling, tauA, tauB);
  }
}
