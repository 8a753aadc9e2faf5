package org.flowmatch4j.train;

import java.nio.file.Path;

/**
 * Where the runs of a task keep their checkpoints and whether they continue from them.
 *
 * @param dir directory of the checkpoint files, or null for none
 * @param resume continue each run from its checkpoint when it exists (see {@link TrainConfig#resume()})
 */
public record CheckpointPolicy(Path dir, boolean resume) {
  /** No checkpoints. */
  public static CheckpointPolicy none() {
    return new CheckpointPolicy(null, false);
  }

  /** {@code cfg} writing (and, if resuming, reading) the checkpoint {@code fileName} of this directory. */
  public TrainConfig apply(TrainConfig cfg, String fileName) {
    if (dir == null) {
      return cfg;
    }
    TrainConfig c = cfg.withCheckpoint(dir.resolve(fileName), cfg.checkpointEvery());
    return resume ? c.resuming() : c;
  }
}
