package org.flowmatch4j.cli;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * The seeds of a task's runs, {@code --seeds 1,2,3} (or {@code --seed}): a model each, results per
 * seed and their mean. The default here is three seeds; a command with another names it in its
 * {@link OptionDefaults}.
 */
final class SeedsOption {
  @Option(names = {"--seeds", "--seed"}, split = ",", paramLabel = "S", defaultValue = "1,2,3",
      description = "Seeds, comma-separated: a model each, results per seed and their mean (default: ${DEFAULT-VALUE}).")
  List<Long> seeds;

  /** The seeds as an array, in the order given. */
  long[] array() {
    return seeds.stream().mapToLong(Long::longValue).toArray();
  }
}
