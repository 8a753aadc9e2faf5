package org.flowmatch4j.tasks.trajectory;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.flowmatch4j.ModelFile;
import org.flowmatch4j.Provenance;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Matrix;

/**
 * A velocity field and a growth rate fitted to a time course, immutable: it carries weighted cells
 * from any observed time to any other, {@code dx/dtau = v(x, tau)} and {@code d log w / dtau =
 * g(x, tau)} in model time ({@link TimeCourse#modelTime(double[], double)}), so that the weights
 * say how the population's mass changes. Made by {@link GrowthInference.Builder#fit}; {@link
 * #save} and {@link #load} keep it in one checkpoint file. Every method works on its own copy of
 * the networks, so one flow can serve several threads.
 */
public final class GrowthFlow extends CourseFlow {
  private static final ModelFile FILE = new ModelFile("growth-flow", "GrowthFlow.save");
  private final Mlp velocity;
  private final Mlp growth;

  /** Takes ownership of the networks. */
  GrowthFlow(Mlp velocity, Mlp growth, double[] times, TrajectoryConfig config, long seed, Provenance provenance) {
    super(times, config, seed, provenance);
    this.velocity = velocity;
    this.growth = growth;
  }

  /**
   * The flow of {@code model}, fitted to every time point of {@code course} with {@code config}
   * and {@code seed} (as the fit-all protocol trains it), for {@link #save}.
   */
  public static GrowthFlow of(GrowthModel model, TimeCourse course, TrajectoryConfig config, long seed) {
    return new GrowthFlow(model.velocity(), model.growth(), course.times(), config, seed, provenance(course));
  }

  @Override
  public int dim() {
    return velocity.config().inputDim();
  }

  /**
   * The cells {@code x} (n x d, not modified) with weights {@code w} (length n) at time {@code
   * from}, carried to time {@code to} by the configuration's solver: new positions and weights.
   *
   * @throws IllegalArgumentException if x is not d-dimensional, w has another length, or a time is
   *     not finite
   */
  public GrowthModel.Particles push(Matrix x, double[] w, double from, double to) {
    return push(x, w, from, to, config().solver());
  }

  /**
   * As {@link #push(Matrix, double[], double, double)}, with {@code solver} integrating position and
   * log-weight together.
   */
  public GrowthModel.Particles push(Matrix x, double[] w, double from, double to, SolverSpec solver) {
    if (x.cols != dim() || w.length != x.rows) {
      throw new IllegalArgumentException("push: " + x.rows + " cells of dimension " + x.cols + " and " + w.length
          + " weights given to a flow of dimension " + dim());
    }
    if (!Double.isFinite(from) || !Double.isFinite(to)) {
      throw new IllegalArgumentException("push: times must be finite, got " + from + " and " + to);
    }
    GrowthModel model = new GrowthModel(velocity.copy(), growth.copy(), null);
    return model.push(new GrowthModel.Particles(x, w.clone()), modelTime(from), modelTime(to), solver);
  }

  /**
   * Writes the flow to {@code file} atomically (a checkpoint: the networks in sections {@code
   * velocity} and {@code growth}, the configuration under {@code trajectory.config}, the times,
   * the seed and the provenance).
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public void save(Path file) {
    Checkpoint ck = checkpoint(FILE);
    velocity.save(ck, "velocity");
    growth.save(ck, "growth");
    FILE.write(ck, file);
  }

  /**
   * Reads a flow written by {@link #save}.
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException naming the file and the key that is missing or malformed
   */
  public static GrowthFlow load(Path file) {
    return FILE.read(file, GrowthFlow::fromCheckpoint);
  }

  /**
   * The flow held by a checkpoint already read by {@link Checkpoint#read}; {@code name} names it
   * in errors.
   *
   * @throws IllegalArgumentException naming the model and the key that is missing or malformed (a
   *     checkpoint of another kind included)
   */
  public static GrowthFlow of(Checkpoint ck, String name) {
    return FILE.parse(ck, name, GrowthFlow::fromCheckpoint);
  }

  /** Whether {@code ck} holds a flow written by {@link #save}. */
  public static boolean holds(Checkpoint ck) {
    return FILE.holds(ck);
  }

  private static GrowthFlow fromCheckpoint(Checkpoint ck) {
    Stored s = Stored.of(ck);
    return new GrowthFlow(Mlp.load(ck, "velocity"), Mlp.load(ck, "growth"), s.times(), s.config(), s.seed(),
        s.provenance());
  }

  @Override
  public String toString() {
    return "GrowthFlow[times=" + Arrays.toString(times()) + ", dim=" + dim() + ", " + provenance() + "]";
  }
}
