package org.flowmatch4j.cli;

import org.flowmatch4j.train.OptimSpec;
import picocli.CommandLine.Option;

/** AdamW's learning rate and decoupled weight decay. */
final class OptimiserOptions {
  @Option(names = "--lr", defaultValue = "1e-3", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--weight-decay", defaultValue = "1e-5", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  /** How the JSON output names an AdamW optimiser: {@code adamw lr <lr> wd <weight decay>}. */
  static String label(OptimSpec o) {
    return "adamw lr " + o.lr() + " wd " + o.weightDecay();
  }
}
