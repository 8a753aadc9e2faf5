package org.flowmatch4j.tasks.trajectory;

import java.io.IOException;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.metrics.Wasserstein;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.CheckpointPolicy;
import org.flowmatch4j.train.TrainListener;

/**
 * The leave-one-time-point-out protocol of Tong et al. (2024): drop time point k, train on the
 * others (so k - 1 is paired with k + 1), push ALL real cells of k - 1 to the time of k and report
 * the exact W1 (Euclidean ground cost, uniform weights) against ALL real cells of k, next to the
 * no-motion and OT-interpolation baselines, for each seed.
 */
public final class LeaveOneOut {
  private LeaveOneOut() {}

  /**
   * Runs the protocol for interior time point k.
   *
   * @throws IllegalArgumentException if k is not interior (1 .. K - 2)
   * @param checkpoints where to keep the checkpoint of each seed
   */
  public static HoldoutResult run(TimeCourse tc, int k, TrajectoryConfig cfg, long[] seeds, TrainListener listener,
      CheckpointPolicy checkpoints) throws IOException {
    Baselines.requireInterior(tc, k);
    if (seeds.length == 0) {
      throw new IllegalArgumentException("at least one seed is needed");
    }
    int[] train = new int[tc.size() - 1];
    for (int i = 0, j = 0; i < tc.size(); i++) {
      if (i != k) {
        train[j++] = i;
      }
    }
    double[] w1 = new double[seeds.length];
    double[] ms = new double[seeds.length];
    double[] cpuMs = new double[seeds.length];
    Matrix firstPrediction = null;
    TrajectoryModel firstModel = null;
    Pairing pairing = cfg.pairing();
    for (int s = 0; s < seeds.length; s++) {
      double cpu = ProcessCpu.seconds();
      TrajectoryModel model = TrajectoryModel.train(tc, train, cfg, pairing, seeds[s], listener, checkpoints,
          "model_k" + k + "_seed" + seeds[s] + ".ckpt");
      cpuMs[s] = 1000 * (ProcessCpu.seconds() - cpu) / model.training().stepsTaken();
      Matrix pred = model.push(tc.snapshot(k - 1), tc.modelTime(k - 1), tc.modelTime(k), cfg.solver());
      w1[s] = Wasserstein.w1(pred, tc.snapshot(k));
      ms[s] = model.training().msPerStep();
      if (s == 0) {
        firstPrediction = pred;
        firstModel = model;
      }
    }
    return new HoldoutResult(k, tc.time(k), seeds.clone(), w1, Baselines.noMotion(tc, k),
        Baselines.otInterpolation(tc, k), ms, cpuMs, firstPrediction, firstModel);
  }
}
