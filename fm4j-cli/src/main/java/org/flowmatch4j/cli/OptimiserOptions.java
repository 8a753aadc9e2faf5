package org.flowmatch4j.cli;

import org.flowmatch4j.train.OptimSpec;
import picocli.CommandLine.Option;

/**
 * The optimiser of a task's network ({@link OptimSpec}): {@code --steps} steps on minibatches of
 * {@code --batch}, learning rate {@code --lr}, {@code --weight-decay}, gradients clipped at {@code
 * --grad-clip} and predictions from a weight average of decay {@code --ema}. The defaults here are
 * the trajectory task's; a command with others names them in its {@link OptionDefaults}.
 */
final class OptimiserOptions {
  @Option(names = "--steps", defaultValue = "3000", description = "Training steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--batch", defaultValue = "256",
      description = "Minibatch: samples drawn per population (time point, condition, label, section) and step"
          + " (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--weight-decay", defaultValue = "1e-5",
      description = "Weight decay: decoupled (AdamW), or an L2 penalty where the task trains with Adam (fm4j toy)"
          + " (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--grad-clip", defaultValue = "0",
      description = "Clip gradients to this global norm; 0 for none (default: ${DEFAULT-VALUE}).")
  double gradClip;

  @Option(names = "--ema", defaultValue = "0",
      description = "Decay of the weight average used for sampling, e.g. 0.999; 0 for none (default: ${DEFAULT-VALUE}).")
  double ema;

  /** The validated settings. */
  OptimSpec spec() {
    if (!(gradClip >= 0)) {
      throw new IllegalArgumentException("--grad-clip: expected a norm >= 0 (0 for none), got " + gradClip);
    }
    if (!(ema >= 0 && ema < 1)) {
      throw new IllegalArgumentException("--ema: expected a decay in [0, 1) (0 for none), got " + ema);
    }
    return new OptimSpec(steps, batch, lr, weightDecay, gradClip, ema);
  }

  /** How the JSON output names an AdamW optimiser: {@code adamw lr <lr> wd <weight decay>}. */
  static String label(OptimSpec o) {
    return "adamw lr " + o.lr() + " wd " + o.weightDecay();
  }
}
