package org.flowmatch4j;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.MlpField;
import org.flowmatch4j.fm.likelihood.DivergenceEstimator;
import org.flowmatch4j.fm.likelihood.Likelihood;
import org.flowmatch4j.fm.likelihood.LikelihoodConfig;
import org.flowmatch4j.fm.path.ProbPath;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.fm.source.EmpiricalSource;
import org.flowmatch4j.fm.source.GaussianSource;
import org.flowmatch4j.fm.source.Source;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Matrix;

/**
 * A trained flow, immutable: the velocity network v(x, t), the path it was trained on, its
 * source p0 (standard Gaussian noise, or the source points it was fitted from), its {@link
 * FlowConfig} and its {@link Provenance}. Made by {@link FlowMatching.Builder#fit} or {@link
 * #load}.
 *
 * <p>The flow runs over the path's time interval {@code [tStart(), tEnd()]} ([0, 1] for most
 * methods): {@link #sample} draws x0 ~ p0 and solves {@code dx/dt = v(x, t)} from tStart to tEnd;
 * {@link #push} solves it between any two times; {@link #logLikelihood} runs it backwards with the
 * divergence, {@code log p1(x) = log p0(x0) - int div v dt} (continuous normalising flow).
 *
 * <p>Every method works on its own copy of the network, so one model can serve several threads.
 */
public final class FlowModel {
  /** Header value of {@code flow.task} in a saved model. */
  private static final ModelFile FILE = new ModelFile("flow", "FlowModel.save");
  /** The default ODE solver: Dopri5 with absolute and relative tolerance 1e-5. */
  public static final SolverSpec DEFAULT_SOLVER = SolverSpec.adaptive(1e-5);

  private final Mlp net;
  private final FlowConfig config;
  private final Matrix sourcePoints;
  private final Provenance provenance;

  /** Takes ownership of {@code net} and {@code sourcePoints} (null: Gaussian source). */
  FlowModel(Mlp net, FlowConfig config, Matrix sourcePoints, Provenance provenance) {
    this.net = net;
    this.config = config;
    this.sourcePoints = sourcePoints;
    this.provenance = provenance;
  }

  /** The training configuration. */
  public FlowConfig config() {
    return config;
  }

  /** The library version and training-data fingerprint. */
  public Provenance provenance() {
    return provenance;
  }

  /** Dimension d of the points. */
  public int dim() {
    return net.config().inputDim();
  }

  /** True when p0 is the standard Gaussian (then {@link #logLikelihood} is defined). */
  public boolean hasGaussianSource() {
    return sourcePoints == null;
  }

  /** The conditional probability path the network was trained on. */
  public ProbPath path() {
    return config.matcher().path(config.sigma());
  }

  /** Start of the flow's time interval (the source end). */
  public double tStart() {
    return path().tMin();
  }

  /** End of the flow's time interval (the target end). */
  public double tEnd() {
    return path().tMax();
  }

  /** The source p0: the standard Gaussian, or the fitted source points drawn with replacement. */
  private Source source() {
    return sourcePoints == null ? new GaussianSource(dim()) : new EmpiricalSource(sourcePoints);
  }

  private Mlp network() {
    return net.copy();
  }

  /** {@code v(x_i, t)} for every row of {@code x} (n x d): a new n x d matrix. */
  public Matrix velocity(Matrix x, double t) {
    requirePoints(x);
    Matrix out = new Matrix(x.rows, dim());
    MlpField.of(network()).eval(x, t, out);
    return out;
  }

  /** n new points: x0 ~ p0 carried from tStart to tEnd by {@link #DEFAULT_SOLVER}. */
  public Matrix sample(int n, RandomGenerator rng) {
    return sample(n, rng, DEFAULT_SOLVER);
  }

  /** n new points: x0 ~ p0 carried from tStart to tEnd by {@code solver}. */
  public Matrix sample(int n, RandomGenerator rng, SolverSpec solver) {
    if (n < 1) {
      throw new IllegalArgumentException("sample: n must be >= 1, got " + n);
    }
    return push(source().sample(rng, n), tStart(), tEnd(), solver);
  }

  /**
   * The points {@code x} (n x d, not modified) carried from time {@code t0} to {@code t1} (either
   * direction) by {@code solver}: a new n x d matrix.
   *
   * @throws IllegalStateException if the solver fails (non-finite state, step budget exhausted)
   */
  public Matrix push(Matrix x, double t0, double t1, SolverSpec solver) {
    requirePoints(x);
    return solver.create().integrate(MlpField.of(network()), x, t0, t1).x();
  }

  /**
   * {@code log p1(x_i)} in nats for every row of {@code x}, by the change of variables with the
   * exact divergence and {@link #DEFAULT_SOLVER}, from tEnd back to tStart.
   *
   * @throws IllegalStateException if the source is not the standard Gaussian (a flow between two
   *     point clouds has no closed-form p0)
   */
  public double[] logLikelihood(Matrix x) {
    return logLikelihood(x, DEFAULT_SOLVER);
  }

  /**
   * As {@link #logLikelihood(Matrix)} with the augmented ODE (the points and the integral of the
   * divergence) solved by {@code solver}.
   */
  public double[] logLikelihood(Matrix x, SolverSpec solver) {
    if (!hasGaussianSource()) {
      throw new IllegalStateException(
          "logLikelihood needs the Gaussian source: this flow was fitted from source points, whose density is unknown");
    }
    requirePoints(x);
    LikelihoodConfig cfg = LikelihoodConfig.of(solver.create(), DivergenceEstimator.exact()).withTimes(tEnd(), tStart());
    return Likelihood.evaluate(MlpField.of(network()), new GaussianSource(dim()), x, cfg).logLikelihood();
  }

  private void requirePoints(Matrix x) {
    if (x.cols != dim()) {
      throw new IllegalArgumentException("points of dimension " + x.cols + " given to a flow of dimension " + dim());
    }
  }

  // ------------------------------------------------------------------ files

  /**
   * Writes the model atomically (a {@link Checkpoint}): header keys {@code flow.task=flow}, the
   * configuration ({@code flow.matcher}, {@code flow.sigma}, ...), {@code provenance.version} and
   * {@code provenance.data}; the network in section {@code velocity}, the source points (if any)
   * as tensor {@code x0} of section {@code source}.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public void save(Path file) {
    Checkpoint ck = FILE.start(provenance);
    ck.putAll(config.toHeader());
    net.save(ck, "velocity");
    if (sourcePoints != null) {
      ck.putTensor("source", "x0", sourcePoints);
    }
    FILE.write(ck, file);
  }

  /**
   * Reads a model written by {@link #save}.
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException naming the file and the key that is missing or malformed
   */
  public static FlowModel load(Path file) {
    return FILE.read(file, FlowModel::fromCheckpoint);
  }

  /** Whether {@code ck} holds a model written by {@link #save}. */
  public static boolean holds(Checkpoint ck) {
    return FILE.holds(ck);
  }

  /**
   * The model held by a checkpoint already read by {@link Checkpoint#read}; {@code name} names it in
   * errors.
   *
   * @throws IllegalArgumentException naming the model and the key that is missing or malformed (a
   *     checkpoint of another kind than a {@code FlowModel} included)
   */
  public static FlowModel of(Checkpoint ck, String name) {
    return FILE.parse(ck, name, FlowModel::fromCheckpoint);
  }

  private static FlowModel fromCheckpoint(Checkpoint ck) {
    FlowConfig cfg = FlowConfig.fromHeader(ck.header());
    Mlp net = Mlp.load(ck, "velocity");
    Matrix x0 = ck.sections().contains("source") ? ck.tensor("source", "x0") : null;
    if (x0 != null && x0.cols != net.config().inputDim()) {
      throw new IllegalArgumentException("source points have " + x0.cols + " columns, the network " + net.config().inputDim());
    }
    return new FlowModel(net, cfg, x0, ModelFile.provenance(ck));
  }
}
