package org.flowmatch4j.tasks.trajectory;

import java.io.IOException;
import org.flowmatch4j.fm.MlpField;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.fm.solver.OdeSolution;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.CheckpointPolicy;
import org.flowmatch4j.train.GeodesicFit;
import org.flowmatch4j.train.MultiMarginalObjective;
import org.flowmatch4j.train.TrainConfig;
import org.flowmatch4j.train.TrainListener;
import org.flowmatch4j.train.TrainResult;
import org.flowmatch4j.train.Trainer;

/**
 * A velocity field {@code v(x, tau)} learned over a time course in model time, with what it
 * measured while training.
 *
 * @param net the network (input: the cell and its model time)
 * @param training losses and timing (for metric flow matching: the flow's losses, and the seconds
 *     of both stages)
 * @param geodesic the learned path of metric flow matching, or null for other methods
 */
public record TrajectoryModel(Mlp net, TrainResult training, GeodesicFit geodesic) {

  /** A model without a learned path. */
  public TrajectoryModel(Mlp net, TrainResult training) {
    this(net, training, null);
  }

  /**
   * Trains on the time points {@code train} (increasing indices into {@code tc}); consecutive
   * ones are paired, so leaving k out pairs k - 1 with k + 1. The training seconds include drawing
   * up the pairs (solving whole-population plans the first time {@code pairing} sees two time
   * points).
   *
   * @param pairing {@link TrajectoryConfig#pairing} of {@code cfg}; the runs of several seeds share
   *     one, so that what it computes for a pair of time points is computed once
   * @param checkpoints where the checkpoint {@code name} is kept
   */
  public static TrajectoryModel train(TimeCourse tc, int[] train, TrajectoryConfig cfg, Pairing pairing, long seed,
      TrainListener listener, CheckpointPolicy checkpoints, String name) throws IOException {
    if (cfg.matcher().learnsPath()) {
      return MetricTrajectory.train(tc, train, cfg, pairing, seed, listener, checkpoints, name);
    }
    Mlp net = newVelocity(tc.dim(), cfg, seed);
    long t0 = System.nanoTime();
    MultiMarginalObjective obj = new MultiMarginalObjective(cfg.matcher().cliName(), snapshots(tc), modelTimes(tc), train,
        pairing, cfg.matcher().path(cfg.sigma()), net, cfg.optim().batch());
    double setup = (System.nanoTime() - t0) / 1e9;
    TrainResult r = Trainer.train(obj, checkpoints.apply(trainConfig(cfg, cfg.optim().steps(), seed), name), listener);
    return new TrajectoryModel(net, r.plusSeconds(setup));
  }

  /** The snapshots of every time point (shared, not copied). */
  static Matrix[] snapshots(TimeCourse tc) {
    Matrix[] snaps = new Matrix[tc.size()];
    for (int k = 0; k < tc.size(); k++) {
      snaps[k] = tc.snapshot(k);
    }
    return snaps;
  }

  /** The model time of every time point. */
  static double[] modelTimes(TimeCourse tc) {
    double[] tau = new double[tc.size()];
    for (int k = 0; k < tc.size(); k++) {
      tau[k] = tc.modelTime(k);
    }
    return tau;
  }

  /** AdamW, clipping and EMA of the settings for a run of {@code steps} steps (no checkpoint yet). */
  static TrainConfig trainConfig(TrajectoryConfig cfg, int steps, long seed) {
    return cfg.optim().train(cfg.optim().adamW(), steps, seed);
  }

  /** The untrained velocity network of a run: d -> d with a raw time input, initialised from the seed. */
  static Mlp newVelocity(int d, TrajectoryConfig cfg, long seed) {
    return new Mlp(cfg.network().velocity(d, seed * 1_000_003L + 1));
  }

  /** Carries the cells {@code x} from model time {@code from} to {@code to}. */
  public Matrix push(Matrix x, double from, double to, SolverSpec solver) {
    return solver.create().integrate(MlpField.of(net), x, from, to).x();
  }

  /** Carries the cells {@code x} from {@code grid[0]} to the last grid time, keeping every grid state. */
  public OdeSolution trajectories(Matrix x, double[] grid, SolverSpec solver) {
    return solver.create().integrate(MlpField.of(net), x, grid[0], grid[grid.length - 1], grid);
  }

  /** The velocity at each row of {@code x}, each at its own model time {@code tau[i]}. */
  public Matrix velocities(Matrix x, double[] tau) {
    Matrix t = new Matrix(x.rows, 1);
    for (int i = 0; i < x.rows; i++) {
      t.data[i] = (float) tau[i];
    }
    Matrix out = new Matrix(x.rows, net.config().outputDim());
    net.forward(x, t, null, out);
    return out;
  }
}
