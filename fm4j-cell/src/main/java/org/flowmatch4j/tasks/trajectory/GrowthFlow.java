package org.flowmatch4j.tasks.trajectory;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.flowmatch4j.ModelFile;
import org.flowmatch4j.Provenance;
import org.flowmatch4j.io.RecordHeader;
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
public final class GrowthFlow {
  private static final ModelFile FILE = new ModelFile("growth-flow", "GrowthFlow.save");
  private final Mlp velocity;
  private final Mlp growth;
  private final double[] times;
  private final TrajectoryConfig config;
  private final long seed;
  private final Provenance provenance;

  /** Takes ownership of the networks. */
  GrowthFlow(Mlp velocity, Mlp growth, double[] times, TrajectoryConfig config, long seed, Provenance provenance) {
    this.velocity = velocity;
    this.growth = growth;
    this.times = times.clone();
    this.config = config;
    this.seed = seed;
    this.provenance = provenance;
  }

  /** The observed times it was fitted on, increasing. */
  public double[] times() {
    return times.clone();
  }

  /** The training configuration. */
  public TrajectoryConfig config() {
    return config;
  }

  /** The training seed. */
  public long seed() {
    return seed;
  }

  /** The library version and training-data fingerprint (the snapshots in time order). */
  public Provenance provenance() {
    return provenance;
  }

  /** Dimension d of a cell. */
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
    if (x.cols != dim() || w.length != x.rows) {
      throw new IllegalArgumentException("push: " + x.rows + " cells of dimension " + x.cols + " and " + w.length
          + " weights given to a flow of dimension " + dim());
    }
    if (!Double.isFinite(from) || !Double.isFinite(to)) {
      throw new IllegalArgumentException("push: times must be finite, got " + from + " and " + to);
    }
    GrowthModel model = new GrowthModel(copy(velocity), copy(growth), null);
    return model.push(new GrowthModel.Particles(x, w.clone()), TimeCourse.modelTime(times, from),
        TimeCourse.modelTime(times, to), config.solver());
  }

  private static Mlp copy(Mlp net) {
    Mlp c = new Mlp(net.config());
    c.copyParametersFrom(net);
    return c;
  }

  /**
   * Writes the flow to {@code file} atomically (a checkpoint: the networks in sections {@code
   * velocity} and {@code growth}, the configuration under {@code trajectory.config}, the times,
   * the seed and the provenance).
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public void save(Path file) {
    Checkpoint ck = FILE.start(provenance);
    ck.putAll(RecordHeader.write(config, "trajectory.config"));
    ModelFile.putValues(ck, "trajectory.times", times);
    ck.put("trajectory.seed", Long.toString(seed));
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
    return FILE.read(file, ck -> {
      TrajectoryConfig cfg = RecordHeader.read(TrajectoryConfig.class, ck.header(), "trajectory.config");
      double[] times = ModelFile.values(ck, "trajectory.times");
      long seed = Long.parseLong(ModelFile.entry(ck, "trajectory.seed"));
      return new GrowthFlow(Mlp.load(ck, "velocity"), Mlp.load(ck, "growth"), times, cfg, seed,
          ModelFile.provenance(ck));
    });
  }

  @Override
  public String toString() {
    return "GrowthFlow[times=" + Arrays.toString(times) + ", dim=" + dim() + ", " + provenance + "]";
  }
}
