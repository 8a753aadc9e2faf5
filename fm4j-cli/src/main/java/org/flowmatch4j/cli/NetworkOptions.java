package org.flowmatch4j.cli;

import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.train.NetworkSpec;
import picocli.CommandLine.Option;

/**
 * The velocity network's shape: an MLP of {@code --depth} hidden layers of {@code --width} units
 * with {@code --activation} between them. The defaults here are the cell tasks' (256 x 3, SiLU); a
 * command with other defaults names them in its {@link OptionDefaults}.
 */
final class NetworkOptions {
  @Option(names = "--width", defaultValue = "256", description = "Hidden units (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--depth", defaultValue = "3", description = "Hidden layers (default: ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--activation", defaultValue = "silu", description = "Hidden activation (default: ${DEFAULT-VALUE}).")
  Activation activation;

  /** The validated shape. */
  NetworkSpec spec() {
    return new NetworkSpec(width, depth, activation);
  }
}
