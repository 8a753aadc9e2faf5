package org.flowmatch4j.tasks.toy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.DifferentiableField;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.MlpField;
import org.flowmatch4j.fm.VectorField;
import org.flowmatch4j.fm.path.GaussianPath;
import org.flowmatch4j.fm.path.GeodesicPath;
import org.flowmatch4j.fm.path.Prediction;
import org.flowmatch4j.fm.path.ProbPath;
import org.flowmatch4j.fm.path.Scheduler;
import org.flowmatch4j.fm.path.VpScheduler;
import org.flowmatch4j.fm.solver.Ddim;
import org.flowmatch4j.fm.solver.EulerMaruyama;
import org.flowmatch4j.fm.solver.OdeSolution;
import org.flowmatch4j.fm.solver.SamplerKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Matrix;

/**
 * A trained 2-D flow: the network, the score network when the method learns one, and what is
 * needed to sample from it and to compute its likelihood.
 *
 * <p>Flows run over the training interval of the method's path, {@code [tMin, tMax]}: [0, 1] for
 * most methods, [0, 1 - 1e-4] for the variance-preserving path (whose noise-to-velocity conversion
 * is singular at t = 1), [1e-4, 1 - 1e-4] for the Brownian bridge.
 *
 * @param velocity the network: v(x, t), or the prediction {@code prediction} on the path
 * @param score the score network, or null
 * @param matcher the method it was trained with
 * @param sigma the method's width (the diffusion coefficient of SBCFM's SDE sampling)
 * @param prediction what {@code velocity} predicts (velocity, or eps / x1 on the VP path)
 * @param source the source distribution p0
 * @param phi the path network of metric flow matching (otmfm, imfm; see {@link GeodesicPath}), or
 *     null for every other method
 */
public record ToyModel(Mlp velocity, Mlp score, Matcher matcher, double sigma, Prediction prediction, ToyDistribution source,
    Mlp phi) {
  /** Header key naming the kind of checkpoint (the one every model file uses). */
  static final String KIND_KEY = org.flowmatch4j.ModelFile.KIND_KEY;

  /**
   * Checks that the parts fit: a path network phi exactly for the learned-path matchers, and a
   * prediction other than velocity only on an affine Gaussian path.
   */
  public ToyModel {
    if (velocity == null || matcher == null || prediction == null || source == null) {
      throw new IllegalArgumentException("toy model: network, matcher, prediction and source must be given");
    }
    if (matcher.learnsPath() != (phi != null)) {
      throw new IllegalArgumentException("toy model: a path network goes with metric flow matching (otmfm, imfm) only");
    }
    if (prediction != Prediction.VELOCITY && (matcher.learnsPath() || !(matcher.path(sigma) instanceof GaussianPath))) {
      throw new IllegalArgumentException("toy model: a " + prediction + " prediction needs an affine Gaussian path");
    }
  }

  /** A model of a method that does not learn its path. */
  public ToyModel(Mlp velocity, Mlp score, Matcher matcher, double sigma, Prediction prediction, ToyDistribution source) {
    this(velocity, score, matcher, sigma, prediction, source, null);
  }

  /** The conditional path of the method (for metric flow matching the learned one). */
  public ProbPath path() {
    return matcher.learnsPath() ? new GeodesicPath(phi, sigma) : matcher.path(sigma);
  }

  /** The affine schedule of the path, or null when the path is not an affine Gaussian path. */
  public Scheduler scheduler() {
    return path() instanceof GaussianPath g ? g.scheduler() : null;
  }

  /** Start of the flow's time interval (the source end). */
  public double tStart() {
    return path().tMin();
  }

  /** End of the flow's time interval (the data end). */
  public double tEnd() {
    return path().tMax();
  }

  /** The velocity field of the flow (the probability-flow ODE), converted from the prediction. */
  public DifferentiableField field() {
    return prediction == Prediction.VELOCITY ? MlpField.of(velocity) : MlpField.converted(velocity, scheduler(), prediction);
  }

  /**
   * Carries {@code x0} from {@link #tStart()} to {@link #tEnd()} with the sampler, saving states at
   * {@code saveAt} (null for none):
   *
   * <ul>
   *   <li>ODE: the solver on {@link #field()};
   *   <li>SDE: Euler-Maruyama with {@code solver.nfe()} steps on {@code v + g^2/2 score}, with a
   *       learned score and constant {@code g = sigma} (SBCFM), or for the VP path the score
   *       implied by the prediction and {@code g(t)^2 = beta(1 - t)};
   *   <li>DDIM: {@code solver.nfe()} DDIM steps from the implied x1-prediction.
   * </ul>
   */
  public OdeSolution sample(Matrix x0, SamplerKind sampler, SolverSpec solver, RandomGenerator rng, double[] saveAt) {
    double t0 = tStart();
    double t1 = tEnd();
    return switch (sampler) {
      case ODE -> solver.create().integrate(field(), x0, t0, t1, saveAt);
      case SDE -> {
        int steps = fixedSteps(solver, "SDE");
        if (score != null) {
          double g = sigma;
          VectorField drift = EulerMaruyama.scoreCorrectedDrift(field(), MlpField.of(score), t -> g);
          yield new EulerMaruyama(steps).integrate(drift, t -> g, x0, t0, t1, rng, saveAt);
        }
        if (!(scheduler() instanceof VpScheduler vp)) {
          throw new IllegalArgumentException(
              "SDE sampling needs a score network (sbcfm) or the VP diffusion path, got " + matcher.cliName());
        }
        java.util.function.DoubleUnaryOperator g = t -> Math.sqrt(vp.beta(t));
        yield new EulerMaruyama(steps).integrate(MlpField.reverseSdeDrift(velocity, vp, prediction, g), g, x0, t0, t1, rng, saveAt);
      }
      case DDIM -> {
        int steps = fixedSteps(solver, "DDIM");
        if (!ToyConfig.supportsDdim(matcher, sigma, source)) {
          throw new IllegalArgumentException(
              "DDIM needs a deterministic affine path from the Gaussian source, got " + matcher.cliName() + " from "
                  + source.cliName());
        }
        Scheduler s = scheduler();
        yield new Ddim(steps).integrate(MlpField.converted(velocity, s, prediction, Prediction.X1), s, x0, t0, t1, saveAt);
      }
    };
  }

  private static int fixedSteps(SolverSpec solver, String what) {
    if (solver.kind().isAdaptive()) {
      throw new InvalidSettingException(what + " sampling uses a fixed number of steps; choose euler with {nfe}");
    }
    return solver.nfe();
  }

  // ------------------------------------------------------------------ checkpoints

  /**
   * Writes the model atomically: header keys {@code flow.task=toy}, {@code flow.matcher}, {@code
   * flow.sigma}, {@code flow.prediction}, {@code flow.source}, plus {@code provenance}; the
   * networks in sections {@code velocity} and (if any) {@code score} and {@code phi}.
   */
  public void save(Path file, Map<String, String> provenance) throws IOException {
    Checkpoint ck = new Checkpoint();
    ck.put(KIND_KEY, "toy");
    ck.put("flow.matcher", matcher.cliName());
    ck.put("flow.sigma", Double.toString(sigma));
    ck.put("flow.prediction", prediction.name());
    ck.put("flow.source", source.cliName());
    ck.putAll(provenance);
    velocity.save(ck, "velocity");
    if (score != null) {
      score.save(ck, "score");
    }
    if (phi != null) {
      phi.save(ck, "phi");
    }
    ck.write(file);
  }

  /**
   * Reads a model written by {@link #save}.
   *
   * @throws IllegalArgumentException naming the file and the key that is missing or malformed
   */
  public static ToyModel read(Path file) throws IOException {
    Checkpoint ck = Checkpoint.read(file);
    try {
      if (!"toy".equals(ck.get(KIND_KEY))) {
        throw new IllegalArgumentException(
            "header key " + KIND_KEY + ": expected 'toy' (a model written by fm4j toy --out), got " + ck.get(KIND_KEY));
      }
      Matcher m = enumKey(ck, "flow.matcher", Matcher.class);
      double sigma;
      try {
        sigma = Double.parseDouble(require(ck, "flow.sigma"));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("header key flow.sigma: expected a number, got " + ck.get("flow.sigma"));
      }
      Prediction p = enumKey(ck, "flow.prediction", Prediction.class);
      ToyDistribution src = ToyDistribution.fromCliName(require(ck, "flow.source"));
      Mlp v = Mlp.load(ck, "velocity");
      Mlp s = ck.sections().contains("score") ? Mlp.load(ck, "score") : null;
      Mlp phi = ck.sections().contains("phi") ? Mlp.load(ck, "phi") : null;
      return new ToyModel(v, s, m, sigma, p, src, phi);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model " + file + ": " + e.getMessage(), e);
    }
  }

  private static String require(Checkpoint ck, String key) {
    String v = ck.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing header key " + key);
    }
    return v;
  }

  private static <E extends Enum<E>> E enumKey(Checkpoint ck, String key, Class<E> type) {
    String v = require(ck, key);
    try {
      return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("header key " + key + ": unknown " + type.getSimpleName() + " '" + v + "'");
    }
  }
}
