package org.flowmatch4j.tasks.trajectory;

import java.io.IOException;
import org.flowmatch4j.fm.growth.GrowthField;
import org.flowmatch4j.fm.solver.OdeSolution;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.nn.LrSchedule;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.nn.TimeEncoding;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.CheckpointPolicy;
import org.flowmatch4j.train.GrowthObjective;
import org.flowmatch4j.train.NetworkSpec;
import org.flowmatch4j.train.OptimSpec;
import org.flowmatch4j.train.TrainConfig;
import org.flowmatch4j.train.TrainListener;
import org.flowmatch4j.train.TrainResult;
import org.flowmatch4j.train.Trainer;

/**
 * A velocity field v(x, tau) and a growth rate g(x, tau) learned together over a time course in
 * model time (matchers wfr and uotcfm), with what training measured. Predictions are
 * weighted particles: {@code dx/dtau = v}, {@code d log w / dtau = g} ({@link GrowthField}).
 *
 * @param velocity the velocity network (input: the cell and its model time)
 * @param growth the growth-rate network (same input, one output)
 * @param training losses and timing
 */
public record GrowthModel(Mlp velocity, Mlp growth, TrainResult training) {

  /** Weighted particles: positions (n x d) and weights. */
  public record Particles(Matrix x, double[] w) {
    /** Total weight. */
    public double mass() {
      double s = 0;
      for (double v : w) {
        s += v;
      }
      return s;
    }
  }

  /** Hidden layers of the growth network, as in WFR-FM (the velocity network has {@code --depth}). */
  public static final int GROWTH_DEPTH = 3;

  /** The learning rate at the end of the cosine decay, as in WFR-FM. */
  public static final double MIN_LR = 1e-5;

  /**
   * Trains both networks on the intervals of {@code intervals} with the networks, optimiser and
   * trainer settings of {@code cfg} (the same activation for both networks; the velocity network
   * has {@code cfg.network().depth()} hidden layers of {@code cfg.network().width()} units, the
   * growth network {@link #GROWTH_DEPTH} of {@code growthWidth}); the
   * learning rate decays from {@code cfg.optim().lr()} to {@link #MIN_LR} by a cosine over the steps, as
   * the published WFR-FM training does.
   *
   * @param growthWidth hidden units per layer of the growth network
   * @param checkpoints where the checkpoint {@code name} is kept (both networks in one file)
   */
  public static GrowthModel train(TimeCourse tc, GrowthIntervals intervals, TrajectoryConfig cfg, int growthWidth,
      long seed, TrainListener listener, CheckpointPolicy checkpoints, String name) throws IOException {
    int d = tc.dim();
    NetworkSpec net = cfg.network();
    Mlp v = new Mlp(net.velocity(d, seed * 1_000_003L + 1));
    Mlp g = new Mlp(new MlpConfig(d, 0, 1, growthWidth, GROWTH_DEPTH, net.activation(), TimeEncoding.RAW, 0,
        seed * 1_000_003L + 2));
    OptimSpec o = cfg.optim();
    GrowthObjective obj = new GrowthObjective(cfg.matcher().cliName(), v, g, o.batch());
    int[] train = intervals.train();
    for (int p = 0; p + 1 < train.length; p++) {
      obj.interval(intervals.targets().get(p), tc.modelTime(train[p]), tc.modelTime(train[p + 1]));
    }
    TrainConfig tcfg = checkpoints.apply(new TrainConfig(o.steps(), o.adamW(),
        new LrSchedule.Cosine(o.lr(), Math.min(MIN_LR, o.lr()), o.steps()), o.gradClip(), o.emaDecay(), seed, null, 0, false), name);
    TrainResult r = Trainer.train(obj, tcfg, listener);
    return new GrowthModel(v, g, r);
  }

  /** Carries weighted particles from model time {@code from} to {@code to}. */
  public Particles push(Particles p, double from, double to, SolverSpec solver) {
    Matrix end = solver.create().integrate(new GrowthField(velocity, growth), GrowthField.state(p.x(), p.w()), from, to).x();
    return new Particles(GrowthField.positions(end), GrowthField.weights(end));
  }

  /** The states [x | log w] of weighted particles at every time of {@code grid} (increasing). */
  public OdeSolution trajectories(Particles p, double[] grid, SolverSpec solver) {
    return solver.create().integrate(new GrowthField(velocity, growth), GrowthField.state(p.x(), p.w()), grid[0],
        grid[grid.length - 1], grid);
  }

  /** The growth rate d log w / dtau at each row of {@code x}, each at its own model time {@code tau[i]}. */
  public double[] growthRates(Matrix x, double[] tau) {
    Matrix out = new TrajectoryModel(growth, training).velocities(x, tau);
    double[] g = new double[x.rows];
    for (int i = 0; i < g.length; i++) {
      g[i] = out.data[i];
    }
    return g;
  }

  /** The velocity at each row of {@code x}, each at its own model time {@code tau[i]}. */
  public Matrix velocities(Matrix x, double[] tau) {
    return new TrajectoryModel(velocity, training).velocities(x, tau);
  }
}
