package org.flowmatch4j.tasks.trajectory;

import org.flowmatch4j.FitBuilder;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.CheckpointPolicy;

/**
 * The front door for growth-aware trajectory inference: fit a velocity field and a growth rate to
 * a whole time course whose populations grow or shrink (WFR-FM, or unbalanced minibatch OT), and get
 * an immutable {@link GrowthFlow} that carries weighted cells between any two times.
 *
 * <pre>{@code
 * GrowthFlow flow = GrowthInference.builder().seed(1).fit(cells, days);
 * GrowthModel.Particles day2 = flow.push(Matrix.of(cellsOfDay0), weights, 0, 2);
 * }</pre>
 *
 * <p>The defaults are those of {@code fm4j trajectory --matcher wfr}: WFR-FM with the networks,
 * optimiser and solver of {@link TrajectoryConfig#growth()} and {@link GrowthSettings#defaults()}
 * (the WFR length scale from the data, population masses from the cell counts).
 */
public final class GrowthInference {
  private GrowthInference() {}

  /** A builder with the settings above. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a fit; each setter returns this builder. Not thread-safe. */
  public static final class Builder extends FitBuilder<Builder> {
    private TrajectoryConfig config = TrajectoryConfig.growth();
    private GrowthSettings settings = GrowthSettings.defaults();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Networks, optimiser, solver and method at once (replaces earlier {@link #steps} calls).
     *
     * @throws IllegalArgumentException unless the method learns growth (wfr or uotcfm)
     */
    public Builder config(TrajectoryConfig c) {
      if (c == null || !c.matcher().learnsGrowth()) {
        throw new IllegalArgumentException("growth inference: the config's matcher must learn growth (wfr or uotcfm)");
      }
      this.config = c;
      return this;
    }

    /** The growth settings: WFR length scale, population masses, plan solver (default {@link GrowthSettings#defaults()}). */
    public Builder settings(GrowthSettings s) {
      if (s == null) {
        throw new IllegalArgumentException("growth inference: settings must be given");
      }
      this.settings = s;
      return this;
    }

    /** Training steps (default {@value TrajectoryConfig#GROWTH_STEPS}). */
    public Builder steps(int n) {
      this.config = config.withSteps(n);
      return this;
    }


    /**
     * Fits the cells {@code cells[i]} observed at times {@code time[i]} (one row per cell, at
     * least two distinct times).
     *
     * @throws IllegalArgumentException if the rows are ragged or not finite, the lengths differ,
     *     fewer than two time points are given, or no mass can move between two time points
     * @throws IllegalStateException if the loss becomes non-finite
     */
    public GrowthFlow fit(float[][] cells, double[] time) {
      TimeCourse course = TimeCourse.group(Matrix.of(cells), time);
      int[] all = new int[course.size()];
      for (int k = 0; k < course.size(); k++) {
        all[k] = k;
      }
      GrowthIntervals intervals = GrowthIntervals.build(course, all, config, settings, seed);
      GrowthModel model = withoutCheckpoints(
          () -> GrowthModel.train(course, intervals, config, settings.growthWidth(), seed, listener,
              CheckpointPolicy.none(), "growth"));
      return GrowthFlow.of(model, course, config, seed);
    }
  }
}
