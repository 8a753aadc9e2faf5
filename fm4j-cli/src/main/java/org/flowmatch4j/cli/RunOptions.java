package org.flowmatch4j.cli;

import org.flowmatch4j.tensor.Parallel;
import picocli.CommandLine.Option;

/** Options every computing command shares: threads, JSON output and quiet progress. */
final class RunOptions {
  @Option(names = "--threads", paramLabel = "N",
      description = "Threads for matrix kernels and for preparing training minibatches ahead (default: the number of cores).")
  Integer threads;

  @Option(names = "--json", description = "Print the results as one JSON object on the last line of stdout.")
  boolean json;

  @Option(names = "--quiet", description = "No progress bars on stderr.")
  boolean quiet;

  @Option(names = "--debug", description = "Show stack traces of errors.")
  boolean debug;

  /** Applies the thread setting. */
  void apply() {
    if (threads != null) {
      if (threads < 1) {
        throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
      }
      Parallel.setThreads(threads);
    }
  }

  /** The progress listener for training. */
  ProgressListener progress() {
    return new ProgressListener(System.err, quiet);
  }
}
