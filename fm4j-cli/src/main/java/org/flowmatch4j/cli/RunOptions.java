package org.flowmatch4j.cli;

import java.util.function.Consumer;
import org.flowmatch4j.tensor.Parallel;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every computing command shares: threads, JSON output and quiet progress. */
final class RunOptions {
  @Option(names = "--threads", paramLabel = "N",
      description = "Threads for matrix kernels and for preparing training minibatches ahead (default: the number of cores;"
          + " at most 4 per core).")
  Integer threads;

  @Option(names = "--json", description = "Print the results as one JSON object on the last line of stdout.")
  boolean json;

  @Option(names = "--quiet", description = "No progress on stderr (a bar on a terminal, a line every 5 s elsewhere).")
  boolean quiet;

  @Option(names = "--debug", description = "Show stack traces of errors.")
  boolean debug;

  /** More threads than this many per core only add contention; {@code --threads} is capped there. */
  static final int MAX_THREADS_PER_CORE = 4;

  @Spec(Spec.Target.MIXEE) CommandSpec command;

  /** Applies the thread setting, capped at {@value #MAX_THREADS_PER_CORE} per core with a note on stderr. */
  void apply() {
    if (threads != null) {
      if (threads < 1) {
        throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
      }
      int cores = Runtime.getRuntime().availableProcessors();
      int cap = MAX_THREADS_PER_CORE * cores;
      if (threads > cap) {
        command.commandLine().getErr().println(command.qualifiedName() + ": --threads " + threads + " is more than "
            + MAX_THREADS_PER_CORE + " per core (" + cores + " cores); using " + cap);
        threads = cap;
      }
      Parallel.setThreads(threads);
    }
  }

  /** The progress listener for training. */
  ProgressListener progress() {
    return new ProgressListener(System.err, quiet);
  }

  /** Where a task's progress notes go: a line each on stderr, none with {@code --quiet}. */
  Consumer<String> notes() {
    return line -> {
      if (!quiet) {
        System.err.println(line);
      }
    };
  }
}
