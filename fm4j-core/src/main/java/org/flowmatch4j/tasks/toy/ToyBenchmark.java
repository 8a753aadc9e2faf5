package org.flowmatch4j.tasks.toy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.coupling.CoupledPairs;
import org.flowmatch4j.fm.coupling.FixedPairs;
import org.flowmatch4j.fm.coupling.PairSampler;
import org.flowmatch4j.fm.path.Prediction;
import org.flowmatch4j.fm.path.VpScheduler;
import org.flowmatch4j.fm.solver.OdeSolution;
import org.flowmatch4j.fm.solver.SamplerKind;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.metrics.Wasserstein;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.FlowMatchingObjective;
import org.flowmatch4j.train.GeodesicFit;
import org.flowmatch4j.train.TrainConfig;
import org.flowmatch4j.train.TrainListener;
import org.flowmatch4j.train.TrainResult;
import org.flowmatch4j.train.Trainer;

/**
 * The 2-D flow-matching benchmark: train a method on built-in distributions, generate points and
 * compare them with fresh target points by exact W2, next to the floor W2 between two fresh
 * target samples (what a perfect model would score at this sample size).
 *
 * <p>Metric flow matching (otmfm, imfm) first trains its path ({@link ToyGeodesic}), then the flow
 * on it; its training time counts both stages.
 *
 * <p>Randomness: training uses the run's seed; evaluation draws source points, target points and
 * the floor sample from a generator seeded with {@code seed + 1}, so every solver and NFE of a
 * sweep sees the same points.
 */
public final class ToyBenchmark {
  private ToyBenchmark() {}

  /** Trains (with reflow rounds, if asked) and evaluates one run. */
  public static ToyResult run(ToyConfig cfg, TrainListener listener) throws IOException {
    Matcher m = cfg.matcher();
    Mlp velocity = new Mlp(network(cfg, 1));
    Mlp score = m.hasScore() ? new Mlp(network(cfg, 2)) : null;
    GeodesicFit geodesic = m.learnsPath() ? ToyGeodesic.train(cfg, listener) : null;
    Mlp phi = geodesic == null ? null : geodesic.phi();
    ToyModel model = new ToyModel(velocity, score, m, cfg.sigma(), cfg.prediction(), cfg.source(), phi);
    PairSampler pairs = new CoupledPairs(cfg.source(), cfg.target(), cfg.newCoupling());
    FlowMatchingObjective objective = new FlowMatchingObjective(
        m.cliName(), pairs, model.path(), velocity, score, cfg.prediction(), cfg.optim().batch());
    TrainConfig tc = cfg.optim().train(cfg.optim().adam(), cfg.optim().steps(), cfg.seed());
    TrainResult first = Trainer.train(objective, tc, listener);
    double seconds = first.seconds() + (geodesic == null ? 0 : geodesic.stage1().seconds());
    TrainResult last = first;
    for (int round = 1; round <= cfg.reflow(); round++) {
      SplittableRandom rng = new SplittableRandom(cfg.seed() * 31 + round);
      Matrix x0 = cfg.source().sample(rng, cfg.reflowPairs());
      Matrix x1 = model.sample(x0, SamplerKind.ODE, SolverSpec.adaptive(1e-5), rng, null).x();
      Mlp next = new Mlp(velocity.config());
      if (model.prediction() == Prediction.VELOCITY) {
        next.copyParametersFrom(model.velocity());
      }
      FlowMatchingObjective reflow = new FlowMatchingObjective(
          "reflow" + round, new FixedPairs(x0, x1), Matcher.RF.path(0), next, null, Prediction.VELOCITY, cfg.optim().batch());
      last = Trainer.train(reflow, tc.withSeed(cfg.seed() + round), listener);
      seconds += last.seconds();
      model = new ToyModel(next, null, Matcher.RF, 0, Prediction.VELOCITY, cfg.source());
    }
    Evaluation e = evaluate(model, cfg, new Sampling(cfg.sampler(), cfg.solver()), cfg.trajectories());
    return new ToyResult(e.w2, e.w2Floor, e.nfe, seconds, first.stepsPerSecond(), last.finalLoss(100), first.losses(),
        e.generated, e.target, e.trajectories, model, geodesic);
  }

  /**
   * A sampler and its budget: an ODE solver, or {@code solver.nfe()} steps of the SDE or DDIM
   * sampler (whose solver is Euler).
   */
  public record Sampling(SamplerKind sampler, SolverSpec solver) {
    /** The name of the sampler in tables: the ODE solver's name, {@code sde} or {@code ddim}. */
    public String name() {
      return sampler == SamplerKind.ODE ? solver.kind().name().toLowerCase() : sampler.name().toLowerCase();
    }
  }

  /**
   * The samplers of an NFE sweep: Euler, midpoint, Heun and RK4 at each budget that is a multiple
   * of their stages, Dopri5 with tolerance {@code tol}, and, for a model that has them, the
   * reverse-time SDE (Euler-Maruyama) and, for diffusion (the VP path), DDIM at every budget.
   */
  public static List<Sampling> sweepSamplers(ToyModel model, List<Integer> nfes, double tol) {
    for (int n : nfes) {
      if (n < 1) {
        throw new InvalidSettingException("{nfe-sweep} values must be >= 1, got " + n);
      }
    }
    List<Sampling> list = new ArrayList<>();
    for (SolverKind k : List.of(SolverKind.EULER, SolverKind.MIDPOINT, SolverKind.HEUN, SolverKind.RK4)) {
      for (int n : nfes) {
        if (n % k.method().stages == 0) {
          list.add(new Sampling(SamplerKind.ODE, SolverSpec.fixed(k, n)));
        }
      }
    }
    list.add(new Sampling(SamplerKind.ODE, SolverSpec.adaptive(tol)));
    boolean sde = model.score() != null || model.scheduler() instanceof VpScheduler;
    boolean ddim = model.matcher() == Matcher.VP;
    for (SamplerKind k : List.of(SamplerKind.SDE, SamplerKind.DDIM)) {
      if (k == SamplerKind.SDE ? sde : ddim) {
        for (int n : nfes) {
          list.add(new Sampling(k, SolverSpec.fixed(SolverKind.EULER, n)));
        }
      }
    }
    return list;
  }

  /** W2 of the same trained model under other samplers: one row per sampler and budget. */
  public static List<SweepPoint> nfeSweep(ToyModel model, ToyConfig cfg, List<Sampling> samplers) {
    List<SweepPoint> out = new ArrayList<>();
    for (Sampling s : samplers) {
      Evaluation e = evaluate(model, cfg, s, 0);
      out.add(new SweepPoint(s, e.nfe, e.w2, e.w2Floor));
    }
    return out;
  }

  /** One row of an NFE sweep. */
  public record SweepPoint(Sampling sampling, int nfe, double w2, double w2Floor) {}

  private record Evaluation(double w2, double w2Floor, int nfe, Matrix generated, Matrix target, List<Matrix> trajectories) {}

  private static Evaluation evaluate(ToyModel model, ToyConfig cfg, Sampling sampling, int nTraj) {
    SplittableRandom rng = new SplittableRandom(cfg.seed() + 1);
    int n = cfg.samples();
    Matrix x0 = cfg.source().sample(rng, n);
    Matrix target = cfg.target().sample(rng, n);
    Matrix floorSample = cfg.target().sample(rng, n);
    double[] grid = null;
    if (nTraj > 0) {
      grid = new double[41];
      double t0 = model.tStart();
      double t1 = model.tEnd();
      for (int k = 0; k < grid.length; k++) {
        grid[k] = k == grid.length - 1 ? t1 : t0 + (t1 - t0) * k / 40.0;
      }
    }
    OdeSolution sol = model.sample(x0, sampling.sampler(), sampling.solver(), rng, grid);
    List<Matrix> traj = new ArrayList<>();
    for (int i = 0; i < Math.min(nTraj, n); i++) {
      Matrix p = new Matrix(grid.length, 2);
      for (int k = 0; k < grid.length; k++) {
        Matrix s = sol.states().get(k);
        p.data[2 * k] = s.data[2 * i];
        p.data[2 * k + 1] = s.data[2 * i + 1];
      }
      traj.add(p);
    }
    double w2 = Wasserstein.w2(sol.x(), target);
    double floor = Wasserstein.w2(floorSample, target);
    return new Evaluation(w2, floor, sol.nfe(), sol.x(), target, traj);
  }

  private static MlpConfig network(ToyConfig cfg, long salt) {
    return cfg.network().velocity(2, cfg.seed() * 1_000_003L + salt);
  }
}
