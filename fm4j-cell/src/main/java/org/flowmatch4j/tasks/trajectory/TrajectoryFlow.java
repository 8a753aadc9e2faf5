package org.flowmatch4j.tasks.trajectory;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.flowmatch4j.ModelFile;
import org.flowmatch4j.Provenance;
import org.flowmatch4j.fm.MlpField;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Matrix;

/**
 * A velocity field fitted to a time course, immutable: it carries cells from any observed time
 * to any other (forwards or backwards), in the units of the time labels it was fitted on. Made by
 * {@link TrajectoryInference.Builder#fit}.
 *
 * <p>Times map to the model's clock as {@link TimeCourse} says: {@code tau(t) = (t - t_0) /
 * (t_(K-1) - t_0) * (K - 1)}, so times between and beyond the observed ones are allowed (beyond
 * them the field extrapolates). Every method works on its own copy of the network, so one flow
 * can serve several threads. {@link #save} and {@link #load} keep it in one checkpoint file with its
 * configuration, times, seed and provenance.
 */
public final class TrajectoryFlow extends CourseFlow {
  private static final ModelFile FILE = new ModelFile("trajectory-flow", "TrajectoryFlow.save");
  private final Mlp net;

  /** Takes ownership of {@code net}. */
  TrajectoryFlow(Mlp net, double[] times, TrajectoryConfig config, long seed, Provenance provenance) {
    super(times, config, seed, provenance);
    this.net = net;
  }

  /**
   * The flow of {@code model}, fitted to every time point of {@code course} with {@code config}
   * and {@code seed} (as the fit-all protocol trains it), for {@link #save}.
   */
  public static TrajectoryFlow of(TrajectoryModel model, TimeCourse course, TrajectoryConfig config, long seed) {
    return new TrajectoryFlow(model.net(), course.times(), config, seed, provenance(course));
  }

  @Override
  public int dim() {
    return net.config().inputDim();
  }

  /** The cells {@code x} (n x d, not modified) at time {@code from} carried to time {@code to} by the configuration's solver. */
  public Matrix predict(Matrix x, double from, double to) {
    return predict(x, from, to, config().solver());
  }

  /**
   * The cells {@code x} (n x d, not modified) at time {@code from} carried to time {@code to} by
   * {@code solver}: a new n x d matrix.
   *
   * @throws IllegalArgumentException if x is not d-dimensional or a time is not finite
   * @throws IllegalStateException if the solver fails
   */
  public Matrix predict(Matrix x, double from, double to, SolverSpec solver) {
    if (x.cols != dim()) {
      throw new IllegalArgumentException("cells of dimension " + x.cols + " given to a flow of dimension " + dim());
    }
    if (!Double.isFinite(from) || !Double.isFinite(to)) {
      throw new IllegalArgumentException("predict: times must be finite, got " + from + " and " + to);
    }
    return solver.create().integrate(MlpField.of(net.copy()), x, modelTime(from), modelTime(to)).x();
  }

  /**
   * Writes the flow to {@code file} atomically (a checkpoint: the network in section {@code
   * velocity}, the configuration under {@code trajectory.config}, the times, the seed and the
   * provenance).
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public void save(Path file) {
    Checkpoint ck = checkpoint(FILE);
    net.save(ck, "velocity");
    FILE.write(ck, file);
  }

  /**
   * Reads a flow written by {@link #save}.
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException naming the file and the key that is missing or malformed
   */
  public static TrajectoryFlow load(Path file) {
    return FILE.read(file, TrajectoryFlow::fromCheckpoint);
  }

  /**
   * The flow held by a checkpoint already read by {@link Checkpoint#read}; {@code name} names it
   * in errors.
   *
   * @throws IllegalArgumentException naming the model and the key that is missing or malformed (a
   *     checkpoint of another kind included)
   */
  public static TrajectoryFlow of(Checkpoint ck, String name) {
    return FILE.parse(ck, name, TrajectoryFlow::fromCheckpoint);
  }

  /** Whether {@code ck} holds a flow written by {@link #save}. */
  public static boolean holds(Checkpoint ck) {
    return FILE.holds(ck);
  }

  private static TrajectoryFlow fromCheckpoint(Checkpoint ck) {
    Stored s = Stored.of(ck);
    return new TrajectoryFlow(Mlp.load(ck, "velocity"), s.times(), s.config(), s.seed(), s.provenance());
  }

  @Override
  public String toString() {
    return "TrajectoryFlow[times=" + Arrays.toString(times()) + ", dim=" + dim() + ", " + provenance() + "]";
  }
}
