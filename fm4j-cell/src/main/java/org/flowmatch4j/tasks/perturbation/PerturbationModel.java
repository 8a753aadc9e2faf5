package org.flowmatch4j.tasks.perturbation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.GuidedField;
import org.flowmatch4j.fm.MlpField;
import org.flowmatch4j.fm.VectorField;
import org.flowmatch4j.fm.coupling.Coupling;
import org.flowmatch4j.fm.coupling.CouplingKind;
import org.flowmatch4j.fm.coupling.CouplingSpec;
import org.flowmatch4j.fm.path.ProbPath;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.nn.AttentionPoolConfig;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.nn.TimeEncoding;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.ConditionalObjective;
import org.flowmatch4j.train.TrainConfig;
import org.flowmatch4j.train.TrainListener;
import org.flowmatch4j.train.TrainResult;
import org.flowmatch4j.train.Trainer;

/**
 * A conditional velocity field v(x, t, c) that carries the control cells of a context to its
 * perturbed cells under condition c, trained by conditional flow matching over many (control
 * pool, perturbed cells, condition) tasks ({@link ConditionalObjective}).
 *
 * @param net the network: input {@code [x | time features | c]}, or {@code [x | time features]} with c
 *     entering each hidden layer by FiLM
 * @param training losses and timing
 */
public record PerturbationModel(Mlp net, TrainResult training) {

  /**
   * Trains on the tasks (each: the control cells of a context, the perturbed cells of one of its
   * conditions, the condition vector).
   */
  public static PerturbationModel train(List<ConditionalObjective.Task> tasks, PerturbationConfig cfg, long seed,
      TrainListener listener) throws IOException {
    return train(tasks, cfg, null, seed, listener);
  }

  /**
   * Trains as {@link #train(List, PerturbationConfig, long, TrainListener)}, the network pooling
   * the condition's set by attention ({@code pooling}; null for none) jointly with the field.
   */
  public static PerturbationModel train(List<ConditionalObjective.Task> tasks, PerturbationConfig cfg,
      AttentionPoolConfig pooling, long seed, TrainListener listener) throws IOException {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no training tasks: every perturbed group is held out or lacks control cells");
    }
    int d = tasks.get(0).source().cols;
    int cd = tasks.get(0).condition().length;
    TimeEncoding te = cfg.timeEmbedding() == 0 ? TimeEncoding.RAW : TimeEncoding.SINUSOIDAL;
    Mlp net = new Mlp(new MlpConfig(d, cd, d, cfg.network().width(), cfg.network().depth(), cfg.network().activation(), te, cfg.timeEmbedding(),
        seed * 1_000_003L + 1, cfg.conditioning(), pooling));
    ProbPath path = cfg.matcher().path(cfg.sigma());
    String name = "perturbation-" + cfg.matcher().cliName();
    ConditionalObjective obj;
    if (cfg.coupling() != null && !cfg.coupling().pairsMinibatches()) {
      obj = new ConditionalObjective(name, tasks, cfg.coupling().pairing(), path, net, cfg.optim().batch(),
          cfg.conditionDropout());
    } else {
      List<Coupling> couplings = new ArrayList<>();
      for (int k = 0; k < tasks.size(); k++) {
        couplings.add(coupling(cfg));
      }
      obj = new ConditionalObjective(name, tasks, couplings, path, net, cfg.optim().batch(), cfg.conditionDropout());
    }
    TrainConfig tc = cfg.optim().train(cfg.optim().adamW(), cfg.optim().steps(), seed);
    return new PerturbationModel(net, Trainer.train(obj, tc, listener));
  }

  /**
   * The given coupling, else the matcher's; exact OT uses the optimal permutation itself (every
   * cell of both batches trains once).
   */
  private static Coupling coupling(PerturbationConfig cfg) {
    if (cfg.coupling() != null) {
      return cfg.coupling().create();
    }
    return (cfg.matcher() == Matcher.OTCFM ? CouplingSpec.of(CouplingKind.PERMUTATION)
        : cfg.matcher().coupling(cfg.sigma())).create();
  }

  /**
   * Pushes the control cells {@code x0} (n x d) to t = 1 under condition {@code c}, {@code
   * cfg.samples()} times each, each start {@code x0 + gamma_0 eps} with the path's noise width at t
   * = 0 and eps from {@code seed}; an empty {@code c} for a network without a condition. Returns
   * (samples n) x d, sample-major.
   */
  public Matrix push(Matrix x0, float[] c, PerturbationConfig cfg, long seed) {
    int n = x0.rows;
    int d = x0.cols;
    int k = cfg.samples();
    double gamma0 = cfg.matcher().path(cfg.sigma()).noiseStd(0);
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x5A3D);
    Matrix start = new Matrix(k * n, d);
    for (int s = 0; s < k; s++) {
      System.arraycopy(x0.data, 0, start.data, s * n * d, n * d);
    }
    if (gamma0 > 0) {
      for (int q = 0; q < start.data.length; q++) {
        start.data[q] += (float) (gamma0 * rng.nextGaussian());
      }
    }
    return integrate(start, c, cfg, cfg.solver());
  }

  /**
   * Pushes the control cells {@code x0} (n x d) to t = 1 under condition {@code c} once each by
   * {@code solver}, cell i starting at {@code x0_i + gamma_0 eps_i} with eps_i drawn from {@code
   * seeds[i]} alone: with a fixed-step solver a cell's prediction depends only on its own row and
   * seed, not on the other cells of the call. Returns n x d.
   */
  public Matrix pushEach(Matrix x0, float[] c, PerturbationConfig cfg, long[] seeds, SolverSpec solver) {
    if (seeds.length != x0.rows) {
      throw new IllegalArgumentException(seeds.length + " seeds for " + x0.rows + " cells");
    }
    int d = x0.cols;
    double gamma0 = cfg.matcher().path(cfg.sigma()).noiseStd(0);
    Matrix start = x0.copy();
    if (gamma0 > 0) {
      for (int i = 0; i < x0.rows; i++) {
        SplittableRandom rng = new SplittableRandom(seeds[i]);
        for (int j = 0; j < d; j++) {
          start.data[i * d + j] += (float) (gamma0 * rng.nextGaussian());
        }
      }
    }
    return integrate(start, c, cfg, solver);
  }

  /** The cells {@code start} carried from t = 0 to 1 by the field under {@code c} (guided as {@code cfg} says). */
  private Matrix integrate(Matrix start, float[] c, PerturbationConfig cfg, SolverSpec solver) {
    VectorField v = c.length == 0 ? MlpField.of(net)
        : cfg.guidance() == 1 ? MlpField.conditioned(net, c) : new GuidedField(net, c, cfg.guidance());
    return solver.create().integrate(v, start, 0, 1).x();
  }
}
