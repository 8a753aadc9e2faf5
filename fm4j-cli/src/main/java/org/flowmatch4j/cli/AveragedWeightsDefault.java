package org.flowmatch4j.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Default values of commands that sample from the weight average: {@code --ema 0.999} instead of
 * the shared option's 0 (the trajectory task keeps 0, as the published protocol has no average).
 * Help shows the value given here.
 */
final class AveragedWeightsDefault implements IDefaultValueProvider {
  /** The decay of the weight average these commands use unless {@code --ema} says otherwise. */
  static final String EMA = "0.999";

  @Override
  public String defaultValue(ArgSpec arg) {
    return arg instanceof OptionSpec o && o.longestName().equals("--ema") ? EMA : null;
  }
}
