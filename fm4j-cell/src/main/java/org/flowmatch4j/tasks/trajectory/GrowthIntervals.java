package org.flowmatch4j.tasks.trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.growth.IntervalTargets;
import org.flowmatch4j.fm.growth.UnbalancedMinibatchTargets;
import org.flowmatch4j.fm.growth.WfrTargets;
import org.flowmatch4j.fm.path.WfrGeodesic;
import org.flowmatch4j.ot.Points;
import org.flowmatch4j.ot.SemiCouplings;
import org.flowmatch4j.tensor.Matrix;

/**
 * The regression targets of every interval of consecutive training time points of a growth run,
 * built once and shared by the seeds: for {@code wfr} the whole-population unbalanced WFR plans
 * (the costly part, timed in {@link #planSeconds}), for {@code uotcfm} the minibatch samplers.
 *
 * @param train the training time points, increasing
 * @param targets one per interval {@code (train[p], train[p + 1])}
 * @param masses relative population mass of every time point ({@link PopulationMasses})
 * @param delta the WFR length scale used (NaN for uotcfm)
 * @param planSeconds wall-clock seconds spent on the unbalanced plans
 * @param planCpuSeconds CPU seconds of the process while the plans were solved ({@link ProcessCpu})
 * @param planGroups random groups each interval's plan was solved in (1 = dense)
 */
public record GrowthIntervals(int[] train, List<IntervalTargets> targets, double[] masses, double delta,
    double planSeconds, double planCpuSeconds, int[] planGroups) {

  /** Builds the targets of {@code cfg.matcher()} (wfr or uotcfm) over the time points {@code train}. */
  public static GrowthIntervals build(TimeCourse tc, int[] train, TrajectoryConfig cfg, GrowthSettings gs, long seed) {
    Matcher m = cfg.matcher();
    if (!m.learnsGrowth()) {
      throw new InvalidSettingException("{matcher} " + m.cliName() + " does not learn growth");
    }
    double[] masses = PopulationMasses.relative(tc, gs.masses());
    double delta = m == Matcher.WFR ? (Double.isNaN(gs.delta()) ? WfrDelta.fromData(tc, train) : gs.delta()) : Double.NaN;
    List<IntervalTargets> targets = new ArrayList<>();
    int[] groups = new int[train.length - 1];
    long start = System.nanoTime();
    double cpu = ProcessCpu.seconds();
    SplittableRandom rng = new SplittableRandom(seed);
    for (int p = 0; p + 1 < train.length; p++) {
      int s = train[p];
      int e = train[p + 1];
      Matrix x = tc.snapshot(s);
      Matrix y = tc.snapshot(e);
      if (m == Matcher.UOTCFM) {
        targets.add(new UnbalancedMinibatchTargets(x, y, masses[e] / masses[s],
            Matcher.UOTCFM.coupling(cfg.sigma()).sinkhornConfig(), cfg.sigma()));
        groups[p] = 0;
        continue;
      }
      requireSomePairWithinReach(tc, s, e, delta);
      double[] a = filled(x.rows, PopulationMasses.cellMass(tc, masses, s));
      double[] b = filled(y.rows, PopulationMasses.cellMass(tc, masses, e));
      double[] xd = Points.toDouble(x, "cells of time " + tc.time(s));
      double[] yd = Points.toDouble(y, "cells of time " + tc.time(e));
      SemiCouplings plan = SemiCouplings.wfr(xd, a, yd, b, x.cols, delta, gs.plan(), gs.maxPlanEntries(), rng);
      if (gs.target() != GrowthTarget.PAIR) {
        plan = plan.smoothed(xd, yd, x.cols, gs.target().neighbours(x.rows), gs.target().neighbours(y.rows));
      }
      groups[p] = plan.groups();
      targets.add(new WfrTargets(x, y, plan, new WfrGeodesic(delta)));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new GrowthIntervals(train.clone(), List.copyOf(targets), masses, delta, seconds, ProcessCpu.seconds() - cpu,
        groups);
  }

  /** Fails when every pair of cells of times s and e is at least pi delta apart. */
  private static void requireSomePairWithinReach(TimeCourse tc, int s, int e, double delta) {
    Matrix x = tc.snapshot(s);
    Matrix y = tc.snapshot(e);
    int d = x.cols;
    double closest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < x.rows; i++) {
      for (int j = 0; j < y.rows; j++) {
        double q = 0;
        for (int c = 0; c < d; c++) {
          double z = x.data[i * d + c] - y.data[j * d + c];
          q += z * z;
        }
        closest = Math.min(closest, q);
      }
    }
    closest = Math.sqrt(closest);
    if (!(closest < Math.PI * delta)) {
      throw new InvalidSettingException(String.format(
          "{wfr-delta} %.4g: every pair of cells of times %s and %s is at least pi delta = %.4g apart (closest %.4g),"
              + " so no mass can move; use a {wfr-delta} above %.4g (their largest nearest-neighbour distance is %.4g)",
          delta, tc.time(s), tc.time(e), Math.PI * delta, closest, closest / Math.PI,
          WfrDelta.largestNearest(x, y)));
    }
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }
}
