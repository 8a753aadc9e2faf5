package org.flowmatch4j.cli;

import java.util.Map;

/**
 * Default values of commands that sample from the weight average: {@code --ema 0.999} instead of
 * the shared option's 0 (the trajectory task keeps 0, as the published protocol has no average).
 */
final class AveragedWeightsDefault extends OptionDefaults {
  /** The decay of the weight average these commands use unless {@code --ema} says otherwise. */
  static final String EMA = "0.999";

  AveragedWeightsDefault() {
    super(Map.of("--ema", EMA));
  }
}
