package org.flowmatch4j.tasks.trajectory;

import java.io.IOException;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.metrics.Wasserstein;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.CheckpointPolicy;
import org.flowmatch4j.train.TrainListener;

/**
 * The fit-all protocol: train on every time point, push ALL cells of the first time point through
 * the learned flow, and report the exact W1 against each later snapshot (the pushed cells are
 * carried on from one time point to the next, never re-seeded from data).
 */
public final class FitAll {
  private FitAll() {}

  /** Runs the protocol for each seed. */
  public static FitAllResult run(TimeCourse tc, TrajectoryConfig cfg, long[] seeds, TrainListener listener,
      CheckpointPolicy checkpoints) throws IOException {
    if (seeds.length == 0) {
      throw new IllegalArgumentException("at least one seed is needed");
    }
    int[] all = new int[tc.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    double[][] w1 = new double[seeds.length][tc.size() - 1];
    double[] ms = new double[seeds.length];
    TrajectoryModel first = null;
    Pairing pairing = cfg.pairing();
    for (int s = 0; s < seeds.length; s++) {
      TrajectoryModel model = TrajectoryModel.train(tc, all, cfg, pairing, seeds[s], listener, checkpoints,
          "model_all_seed" + seeds[s] + ".ckpt");
      Matrix x = tc.snapshot(0);
      for (int k = 1; k < tc.size(); k++) {
        x = model.push(x, tc.modelTime(k - 1), tc.modelTime(k), cfg.solver());
        w1[s][k - 1] = Wasserstein.w1(x, tc.snapshot(k));
      }
      ms[s] = model.training().msPerStep();
      if (s == 0) {
        first = model;
      }
    }
    double[] noMotion = new double[tc.size() - 1];
    for (int k = 1; k < tc.size(); k++) {
      noMotion[k - 1] = Wasserstein.w1(tc.snapshot(0), tc.snapshot(k));
    }
    return new FitAllResult(seeds.clone(), w1, noMotion, ms, first);
  }
}
