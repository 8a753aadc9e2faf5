package org.flowmatch4j.tasks.trajectory;

import org.flowmatch4j.FitBuilder;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.CheckpointPolicy;

/**
 * The front door for trajectory inference: fit one velocity field to a whole time course of
 * unpaired snapshots (every consecutive pair of time points coupled by the configuration's
 * matcher), and get an immutable {@link TrajectoryFlow} that carries cells between any two times.
 *
 * <pre>{@code
 * TrajectoryFlow flow = TrajectoryInference.builder().steps(2000).seed(1).fit(cells, days);
 * Matrix predicted = flow.predict(Matrix.of(cellsOfDay2), 2, 3);
 * }</pre>
 *
 * <p>The defaults are the published protocol ({@link TrajectoryConfig#published(int)}: OT-CFM
 * with sigma 0.1, an MLP of 3 x 64 SELU units, AdamW 1e-3, 256 cells per time point and pair, 100
 * Euler steps to push cells).
 */
public final class TrajectoryInference {
  private TrajectoryInference() {}

  /** A builder with the published protocol's settings and 2000 steps. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a fit; each setter returns this builder. Not thread-safe. */
  public static final class Builder extends FitBuilder<Builder> {
    private TrajectoryConfig config = TrajectoryConfig.published(2000);

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** All settings at once (replaces earlier {@link #steps} calls). */
    public Builder config(TrajectoryConfig c) {
      if (c == null) {
        throw new IllegalArgumentException("trajectory inference: config must be given");
      }
      this.config = c;
      return this;
    }

    /** Training steps (default 2000). */
    public Builder steps(int n) {
      this.config = config.withSteps(n);
      return this;
    }


    /**
     * Fits the cells {@code cells[i]} observed at times {@code time[i]} (one row per cell, at
     * least two distinct times).
     *
     * @throws IllegalArgumentException if the rows are ragged or not finite, the lengths differ,
     *     or fewer than two time points are given
     * @throws IllegalStateException if the loss becomes non-finite
     */
    public TrajectoryFlow fit(float[][] cells, double[] time) {
      return fit(TimeCourse.group(Matrix.of(cells), time));
    }

    /**
     * Fits every time point of {@code course}.
     *
     * @throws IllegalArgumentException if a cell is not finite
     * @throws IllegalStateException if the loss becomes non-finite
     */
    public TrajectoryFlow fit(TimeCourse course) {
      Matrix[] snapshots = new Matrix[course.size()];
      int[] all = new int[course.size()];
      for (int k = 0; k < course.size(); k++) {
        snapshots[k] = course.snapshot(k);
        all[k] = k;
        for (int q = 0; q < snapshots[k].data.length; q++) {
          if (!Float.isFinite(snapshots[k].data[q])) {
            throw new IllegalArgumentException("trajectory inference: a cell at time " + course.time(k)
                + " has the non-finite value " + snapshots[k].data[q] + " in column " + q % course.dim());
          }
        }
      }
      TrajectoryModel model = withoutCheckpoints(
          () -> TrajectoryModel.train(course, all, config, config.pairing(), seed, listener, CheckpointPolicy.none(), "trajectory"));
      return TrajectoryFlow.of(model, course, config, seed);
    }
  }
}
