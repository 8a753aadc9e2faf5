package org.flowmatch4j.cli;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's own defaults of shared options (mixins), by the option's longest name; options not
 * named keep their annotated default. Help shows the value given here. Each command names its
 * subclass, with a no-argument constructor, in {@code @Command(defaultValueProvider = ...)}.
 */
abstract class OptionDefaults implements IDefaultValueProvider {
  /** The decay of the weight average of the commands that predict or sample from it ({@code --ema}). */
  static final String AVERAGED_EMA = "0.999";

  private final Map<String, String> byName;

  /** @param byName default value by long option name, e.g. {@code "--ema" -> "0.999"} */
  OptionDefaults(Map<String, String> byName) {
    this.byName = Map.copyOf(byName);
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    return arg instanceof OptionSpec o ? byName.get(o.longestName()) : null;
  }
}
