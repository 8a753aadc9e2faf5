package org.flowmatch4j.tasks.trajectory;

import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.ot.MmUnbalanced;
import org.flowmatch4j.ot.UnbalancedPlanSolver;

/**
 * Settings of growth-aware trajectory inference (matchers wfr and uotcfm), next to the
 * {@link TrajectoryConfig} that sets the networks, optimiser and solver.
 *
 * @param delta the WFR length scale, or NaN for the data-derived default ({@link WfrDelta})
 * @param masses relative population mass of each time point, or null for the cell counts
 *     N_k / N_0 ({@link PopulationMasses})
 * @param plan the unbalanced solver of the WFR coupling: {@link MmUnbalanced} (the default, as
 *     published) or the entropic {@link org.flowmatch4j.ot.EntropicUnbalanced}
 * @param maxPlanEntries largest dense plan (n0 x n1 entries) solved in one piece; larger
 *     populations are split into random groups ({@link org.flowmatch4j.ot.SemiCouplings})
 * @param growthWidth hidden units per layer of the growth network g(x, tau) (the velocity network
 *     has the width of the {@link TrajectoryConfig})
 * @param target the masses of a wfr pair's geodesic: the pair's own ({@link GrowthTarget#PAIR},
 *     the default, as published) or smoothed over the nearest cells ({@link GrowthTarget#SMOOTHED})
 */
public record GrowthSettings(double delta, double[] masses, UnbalancedPlanSolver plan, long maxPlanEntries,
    int growthWidth, GrowthTarget target) {
  /** Entries of the largest dense plan by default: 2^23 (two 64 MiB double arrays while solving). */
  public static final long DEFAULT_MAX_PLAN_ENTRIES = 1L << 23;

  /**
   * Width of the growth network by default: 64, half the velocity network's 128 (a scalar rate
   * needs less than a d-dimensional field; the same accuracy on the data sets of docs/growth.md for
   * a fifth less CPU per step).
   */
  public static final int DEFAULT_GROWTH_WIDTH = 64;

  /** Checks the fields (NaN delta means "derive from the data"). */
  public GrowthSettings {
    if (!Double.isNaN(delta) && (!(delta > 0) || Double.isInfinite(delta))) {
      throw new InvalidSettingException("{wfr-delta} must be positive and finite, got " + delta);
    }
    if (plan == null || maxPlanEntries < 1 || target == null) {
      throw new IllegalArgumentException("a growth run needs a plan solver, maxPlanEntries >= 1 and a growth target");
    }
    if (growthWidth < 1) {
      throw new InvalidSettingException("{growth-width} must be at least 1, got " + growthWidth);
    }
    masses = masses == null ? null : masses.clone();
  }

  /**
   * The defaults: delta from the data, masses from the cell counts, POT's mm_unbalanced settings,
   * a growth network of {@link #DEFAULT_GROWTH_WIDTH} units, the pairs' own masses.
   */
  public static GrowthSettings defaults() {
    return new GrowthSettings(Double.NaN, null, MmUnbalanced.standard(), DEFAULT_MAX_PLAN_ENTRIES,
        DEFAULT_GROWTH_WIDTH, GrowthTarget.PAIR);
  }

  /** These settings with length scale {@code d}. */
  public GrowthSettings withDelta(double d) {
    return new GrowthSettings(d, masses, plan, maxPlanEntries, growthWidth, target);
  }

  /** These settings with the plan solver {@code p}. */
  public GrowthSettings withPlan(UnbalancedPlanSolver p) {
    return new GrowthSettings(delta, masses, p, maxPlanEntries, growthWidth, target);
  }

  /** These settings with the relative masses {@code m} (null for the cell counts). */
  public GrowthSettings withMasses(double[] m) {
    return new GrowthSettings(delta, m, plan, maxPlanEntries, growthWidth, target);
  }

  /** These settings with a growth network of {@code w} hidden units per layer. */
  public GrowthSettings withGrowthWidth(int w) {
    return new GrowthSettings(delta, masses, plan, maxPlanEntries, w, target);
  }

  /** These settings with the growth target {@code t}. */
  public GrowthSettings withTarget(GrowthTarget t) {
    return new GrowthSettings(delta, masses, plan, maxPlanEntries, growthWidth, t);
  }
}
