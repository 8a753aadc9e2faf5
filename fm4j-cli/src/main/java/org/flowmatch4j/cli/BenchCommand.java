package org.flowmatch4j.cli;

import picocli.CommandLine.Command;

/** {@code fm4j bench ...}: speed benchmarks (not tests); see {@code bench/} for the comparisons. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Time FlowMatch4J's kernels and training steps.",
    subcommands = {BenchMlpCommand.class})
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
