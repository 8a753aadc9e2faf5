package org.flowmatch4j.tasks.trajectory;

import java.io.IOException;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.metrics.MassError;
import org.flowmatch4j.metrics.Wasserstein;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.CheckpointPolicy;
import org.flowmatch4j.train.TrainListener;

/**
 * The two protocols of growth-aware trajectory inference, as VGFM and WFR-FM report them:
 *
 * <ul>
 *   <li>fit-all: train on every time point, start from ALL cells of time 0 with weight 1/N_0 each,
 *       carry positions and weights through every later time point (never re-seeded from data)
 *       and score each: W1 with the weights normalised, and the mass error
 *       {@code |sum w - M_k| / M_k};
 *   <li>leave-one-out at k: train without k (k - 1 paired with k + 1), start from the cells of
 *       k - 1 with total weight M_(k-1) (each {@code M_(k-1) / N_(k-1)}), carry them to the time of
 *       k and score there.
 * </ul>
 */
public final class GrowthProtocols {
  private GrowthProtocols() {}

  /** Fit-all for each seed. */
  public static GrowthResult fitAll(TimeCourse tc, TrajectoryConfig cfg, GrowthSettings gs, long[] seeds,
      TrainListener listener, CheckpointPolicy checkpoints) throws IOException {
    int[] all = new int[tc.size()];
    int[] ks = new int[tc.size() - 1];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
      if (i > 0) {
        ks[i - 1] = i;
      }
    }
    return run(tc, all, ks, 0, cfg, gs, seeds, listener, checkpoints, "model_all_seed");
  }

  /** Leave-one-out at interior time point k for each seed. */
  public static GrowthResult holdout(TimeCourse tc, int k, TrajectoryConfig cfg, GrowthSettings gs, long[] seeds,
      TrainListener listener, CheckpointPolicy checkpoints) throws IOException {
    if (k < 1 || k >= tc.size() - 1) {
      throw new InvalidSettingException(
          "{holdout} must name an interior time point (1.." + (tc.size() - 2) + "), got " + k);
    }
    int[] train = new int[tc.size() - 1];
    for (int i = 0, j = 0; i < tc.size(); i++) {
      if (i != k) {
        train[j++] = i;
      }
    }
    return run(tc, train, new int[] {k}, k - 1, cfg, gs, seeds, listener, checkpoints, "model_k" + k + "_seed");
  }

  private static GrowthResult run(TimeCourse tc, int[] train, int[] ks, int start, TrajectoryConfig cfg,
      GrowthSettings gs, long[] seeds, TrainListener listener, CheckpointPolicy checkpoints, String name)
      throws IOException {
    if (seeds.length == 0) {
      throw new IllegalArgumentException("at least one seed is needed");
    }
    GrowthIntervals intervals = GrowthIntervals.build(tc, train, cfg, gs, seeds[0]);
    double[] masses = intervals.masses();
    double[][] w1 = new double[seeds.length][ks.length];
    double[][] err = new double[seeds.length][ks.length];
    double[][] mass = new double[seeds.length][ks.length];
    double[] ms = new double[seeds.length];
    double[] cpuMs = new double[seeds.length];
    GrowthModel first = null;
    GrowthModel.Particles[] firstPrediction = new GrowthModel.Particles[ks.length];
    for (int s = 0; s < seeds.length; s++) {
      double cpu = ProcessCpu.seconds();
      GrowthModel model = GrowthModel.train(tc, intervals, cfg, gs.growthWidth(), seeds[s], listener, checkpoints,
          name + seeds[s] + ".ckpt");
      cpuMs[s] = 1000 * (ProcessCpu.seconds() - cpu) / model.training().stepsTaken();
      Matrix x0 = tc.snapshot(start);
      double[] w0 = new double[x0.rows];
      java.util.Arrays.fill(w0, masses[start] / x0.rows);
      GrowthModel.Particles p = new GrowthModel.Particles(x0, w0);
      int at = start;
      for (int i = 0; i < ks.length; i++) {
        p = model.push(p, tc.modelTime(at), tc.modelTime(ks[i]), cfg.solver());
        at = ks[i];
        w1[s][i] = Wasserstein.weightedW1(p.x(), p.w(), tc.snapshot(ks[i]));
        err[s][i] = MassError.relative(p.w(), masses[ks[i]]);
        mass[s][i] = p.mass();
        if (s == 0) {
          firstPrediction[i] = p;
        }
      }
      ms[s] = model.training().msPerStep();
      if (s == 0) {
        first = model;
      }
    }
    double[] times = new double[ks.length];
    double[] observed = new double[ks.length];
    double[] noMotion = new double[ks.length];
    for (int i = 0; i < ks.length; i++) {
      times[i] = tc.time(ks[i]);
      observed[i] = masses[ks[i]];
      noMotion[i] = Wasserstein.w1(tc.snapshot(start), tc.snapshot(ks[i]));
    }
    return new GrowthResult(ks, times, seeds.clone(), w1, err, mass, observed, noMotion, intervals, ms, cpuMs, first,
        firstPrediction);
  }
}
