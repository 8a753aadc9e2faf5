package org.flowmatch4j.tasks.trajectory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.metrics.Wasserstein;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.CheckpointPolicy;
import org.flowmatch4j.train.TrainListener;

/**
 * The built-in demonstration: a simulated differentiation time course with known dynamics
 * ({@link BifurcationProcess}), observed as independent snapshots at times 0, 1, 2, 3 and 4, on
 * which every interior time point is held out in turn. Because the simulator is known, each
 * prediction is also scored against a fresh large sample of the true marginal at the held-out
 * time, and the learned velocity against the true drift.
 *
 * <p>The flow learns the velocity of the probability-flow ODE, {@code f - (g^2/2) grad log p_t};
 * with the small noise of the demo (g = 0.1) it is close to the drift f, but not equal to it, so
 * the velocity error has a floor above zero.
 */
public final class TrajectoryDemo {
  /** Cells observed per time point. */
  public static final int CELLS = 600;
  /** Cells drawn from the true marginal to score a prediction. */
  public static final int TRUE_CELLS = 2000;

  private TrajectoryDemo() {}

  /** The simulated time course (times 0..4, {@link #CELLS} cells each) for a seed. */
  public static TimeCourse simulate(BifurcationProcess process, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] times = {0, 1, 2, 3, 4};
    Matrix[] snaps = new Matrix[times.length];
    for (int k = 0; k < times.length; k++) {
      snaps[k] = process.sample(CELLS, times[k], rng.split());
    }
    return new TimeCourse(times, snaps);
  }

  /**
   * One held-out time point of the demo.
   *
   * @param holdout the leave-one-out result (W1 against the observed cells of k)
   * @param w1True W1 between the prediction and a fresh sample of the true marginal at time k
   * @param w1TrueFloor W1 between the observed cells of k and that fresh sample (sampling noise)
   */
  public record Row(HoldoutResult holdout, double w1True, double w1TrueFloor) {}

  /**
   * The demo's results.
   *
   * @param course the simulated time course
   * @param rows one per interior time point
   * @param velocityError relative RMS error of the first model of each held-out point against the
   *     true drift, evaluated on the observed cells at their own times
   */
  public record Result(TimeCourse course, List<Row> rows, double[] velocityError) {}

  /** Runs leave-one-out at every interior time point, scoring against the simulator. */
  public static Result run(TrajectoryConfig cfg, long[] seeds, TrainListener listener, CheckpointPolicy checkpoints)
      throws IOException {
    BifurcationProcess process = BifurcationProcess.demo();
    TimeCourse tc = simulate(process, 42);
    SplittableRandom truth = new SplittableRandom(4242);
    List<Row> rows = new ArrayList<>();
    double[] velErr = new double[tc.size() - 2];
    for (int k = 1; k < tc.size() - 1; k++) {
      HoldoutResult h = LeaveOneOut.run(tc, k, cfg, seeds, listener, checkpoints);
      Matrix fresh = process.sample(TRUE_CELLS, tc.time(k), truth.split());
      rows.add(new Row(h, Wasserstein.w1(h.prediction(), fresh), Wasserstein.w1(tc.snapshot(k), fresh)));
      velErr[k - 1] = velocityError(h.model(), process, tc);
    }
    return new Result(tc, rows, velErr);
  }

  /** sqrt(mean |v - f|^2) / sqrt(mean |f|^2) over all observed cells at their own times. */
  static double velocityError(TrajectoryModel model, BifurcationProcess process, TimeCourse tc) {
    Matrix x = tc.stacked();
    double[] tau = new double[x.rows];
    int off = 0;
    for (int k = 0; k < tc.size(); k++) {
      for (int i = 0; i < tc.snapshot(k).rows; i++) {
        tau[off++] = tc.modelTime(k);
      }
    }
    Matrix v = model.velocities(x, tau);
    Matrix f = new Matrix(x.rows, x.cols);
    process.drift(x, f);
    double err = 0;
    double norm = 0;
    for (int q = 0; q < f.data.length; q++) {
      double e = v.data[q] - f.data[q];
      err += e * e;
      norm += (double) f.data[q] * f.data[q];
    }
    return Math.sqrt(err / norm);
  }
}
