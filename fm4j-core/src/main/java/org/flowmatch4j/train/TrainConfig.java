package org.flowmatch4j.train;

import java.nio.file.Path;
import org.flowmatch4j.nn.AdamConfig;
import org.flowmatch4j.nn.LrSchedule;

/**
 * Settings of a training run.
 *
 * @param steps number of optimiser steps
 * @param adam optimiser (Adam or AdamW; its {@code lr} is used when {@code schedule} is null)
 * @param schedule learning rate per step, or null for the constant {@code adam.lr()}
 * @param gradClip maximum global gradient norm, or 0 for no clipping
 * @param emaDecay decay of the exponential moving average of the weights, or 0 for none
 * @param seed seed of every random choice of the run
 * @param checkpoint file to write checkpoints to, or null
 * @param checkpointEvery steps between checkpoints (0: only at the end when a file is given)
 * @param resume continue from the checkpoint file when it exists (it must record the same data
 *     fingerprint, objective, networks, seed and optimiser settings; only the number of steps may
 *     grow); otherwise a run starts afresh and overwrites it
 */
public record TrainConfig(
    int steps,
    AdamConfig adam,
    LrSchedule schedule,
    double gradClip,
    double emaDecay,
    long seed,
    Path checkpoint,
    int checkpointEvery,
    boolean resume) {

  /**
   * Checks steps &gt;= 0, adam given, gradClip &gt;= 0, 0 &lt;= emaDecay &lt; 1 and checkpointEvery
   * &gt;= 0.
   */
  public TrainConfig {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    if (adam == null) {
      throw new IllegalArgumentException("training needs an optimiser configuration");
    }
    if (!(gradClip >= 0) || !(emaDecay >= 0 && emaDecay < 1) || checkpointEvery < 0) {
      throw new IllegalArgumentException(
          "need gradClip >= 0, 0 <= emaDecay < 1, checkpointEvery >= 0; got " + gradClip + ", "
              + emaDecay + ", " + checkpointEvery);
    }
  }

  /** Adam at a constant rate, no clipping, no EMA, no checkpoints. */
  public static TrainConfig simple(int steps, double lr, long seed) {
    return new TrainConfig(steps, AdamConfig.adam(lr), null, 0, 0, seed, null, 0, false);
  }

  /** The learning rate of step s. */
  public double lr(long s) {
    return schedule == null ? adam.lr() : schedule.lr(s);
  }

  /** This configuration with another seed. */
  public TrainConfig withSeed(long newSeed) {
    return new TrainConfig(steps, adam, schedule, gradClip, emaDecay, newSeed, checkpoint, checkpointEvery, resume);
  }

  /** This configuration with another number of steps. */
  public TrainConfig withSteps(int newSteps) {
    return new TrainConfig(newSteps, adam, schedule, gradClip, emaDecay, seed, checkpoint, checkpointEvery, resume);
  }

  /** This configuration writing checkpoints to {@code file} every {@code every} steps. */
  public TrainConfig withCheckpoint(Path file, int every) {
    return new TrainConfig(steps, adam, schedule, gradClip, emaDecay, seed, file, every, resume);
  }

  /** This configuration resuming from its checkpoint file when it exists. */
  public TrainConfig resuming() {
    return new TrainConfig(steps, adam, schedule, gradClip, emaDecay, seed, checkpoint, checkpointEvery, true);
  }
}
