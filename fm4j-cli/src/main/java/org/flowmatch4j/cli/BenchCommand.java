package org.flowmatch4j.cli;

import picocli.CommandLine.Command;

/** {@code fm4j bench ...}: timings of FlowMatch4J's own code, for the scripts in bench/. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Time FlowMatch4J operations (used by the scripts in bench/).",
    subcommands = {BenchH5adCommand.class, BenchMlpCommand.class, BenchOtCommand.class, BenchZinbFitCommand.class,
        BenchSpatialFeaturesCommand.class})
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
