package org.flowmatch4j.tasks.perturbation;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.flowmatch4j.FittedModel;
import org.flowmatch4j.ModelFile;
import org.flowmatch4j.Provenance;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.io.RecordHeader;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Matrix;

/**
 * A conditional velocity field fitted to perturbation data, immutable: it predicts the cells of a
 * condition from control cells (n x d, in the space it was fitted in) by pushing them from t = 0 to
 * 1 under the condition's one-hot vector ({@link PerturbationModel#push}). Made by {@link
 * PerturbationResponse.Builder#fit}; {@link #save} and {@link #load} keep it in one checkpoint file
 * with its configuration, conditions and provenance. Every method works on its own copy of the
 * network, so one flow can serve several threads.
 */
public final class PerturbationFlow extends FittedModel<PerturbationConfig> {
  private static final ModelFile FILE = new ModelFile("perturbation-flow", "PerturbationFlow.save");
  private final Mlp net;
  private final List<String> conditions;

  /** Takes ownership of {@code net}. */
  PerturbationFlow(Mlp net, List<String> conditions, PerturbationConfig config, long seed, Provenance provenance) {
    super(config, seed, provenance);
    this.net = net;
    this.conditions = List.copyOf(conditions);
  }

  /** The perturbed conditions it was fitted on, in the order of the entries of c. */
  public List<String> conditions() {
    return conditions;
  }

  /** Dimension d of a cell. */
  public int dim() {
    return net.config().inputDim();
  }

  /**
   * The predicted cells of {@code condition} from the control cells {@code control} (n x d, not
   * modified): {@code config().samples()} predictions per control cell, (samples n) x d,
   * sample-major, the starting noise drawn from {@code seed}.
   *
   * @throws IllegalArgumentException if the cells are not d-dimensional or the condition was not
   *     fitted
   */
  public Matrix predict(Matrix control, String condition, long seed) {
    if (control.cols != dim()) {
      throw new IllegalArgumentException("cells of dimension " + control.cols + " given to a flow of dimension " + dim());
    }
    float[] c = oneHot(conditions, condition);
    return new PerturbationModel(net.copy(), null).push(control, c, config(), seed);
  }

  /**
   * One prediction of {@code condition} per control cell (n x d, not modified) by {@code solver}:
   * row i starts from the cell plus the path's noise at t = 0 drawn from {@code seeds[i]} alone
   * ({@link #cellSeed}), so with a fixed-step solver a cell's prediction does not depend on which
   * other cells share the call. Returns n x d.
   *
   * @throws IllegalArgumentException if the cells are not d-dimensional, the condition was not
   *     fitted or there is not one seed per cell
   */
  public Matrix predictEach(Matrix control, String condition, long[] seeds, SolverSpec solver) {
    if (control.cols != dim()) {
      throw new IllegalArgumentException("cells of dimension " + control.cols + " given to a flow of dimension " + dim());
    }
    return new PerturbationModel(net.copy(), null).pushEach(control, oneHot(conditions, condition), config(), seeds, solver);
  }

  /**
   * The seed of the starting noise of the cell named {@code cell} ({@link #predictEach}): a 64-bit
   * FNV-1a hash of the name's UTF-8 bytes, mixed with {@code seed} by SplitMix64's finaliser. It
   * depends on the seed and the name only, so every condition starts a cell from the same noise.
   */
  public static long cellSeed(long seed, String cell) {
    long h = 0xcbf29ce484222325L;
    for (byte b : cell.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    long z = h + seed * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The one-hot vector of {@code condition} among {@code conditions}. */
  static float[] oneHot(List<String> conditions, String condition) {
    int k = conditions.indexOf(condition);
    if (k < 0) {
      throw new IllegalArgumentException("unknown condition '" + condition + "'; the flow knows " + conditions);
    }
    float[] c = new float[conditions.size()];
    c[k] = 1;
    return c;
  }

  /**
   * Writes the flow to {@code file} (a checkpoint: the network, the configuration under {@code
   * perturbation.config}, the conditions, the seed and the provenance), atomically.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public void save(Path file) {
    Checkpoint ck = FILE.start(provenance());
    ck.putAll(RecordHeader.write(config(), "perturbation.config"));
    ck.put("perturbation.conditions", String.join("\n", conditions));
    ck.put("perturbation.seed", Long.toString(seed()));
    net.save(ck, "velocity");
    FILE.write(ck, file);
  }

  /**
   * Reads a flow written by {@link #save}.
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException naming the file and the key that is missing or malformed
   */
  public static PerturbationFlow load(Path file) {
    return FILE.read(file, PerturbationFlow::fromCheckpoint);
  }

  /**
   * The flow held by a checkpoint already read by {@link Checkpoint#read}; {@code name} names it
   * in errors.
   *
   * @throws IllegalArgumentException naming the model and the key that is missing or malformed (a
   *     checkpoint of another kind included)
   */
  public static PerturbationFlow of(Checkpoint ck, String name) {
    return FILE.parse(ck, name, PerturbationFlow::fromCheckpoint);
  }

  /** Whether {@code ck} holds a flow written by {@link #save}. */
  public static boolean holds(Checkpoint ck) {
    return FILE.holds(ck);
  }

  private static PerturbationFlow fromCheckpoint(Checkpoint ck) {
    PerturbationConfig cfg = RecordHeader.read(PerturbationConfig.class, ck.header(), "perturbation.config");
    List<String> conditions = Arrays.asList(ModelFile.entry(ck, "perturbation.conditions").split("\n", -1));
    long seed = Long.parseLong(ModelFile.entry(ck, "perturbation.seed"));
    Mlp net = Mlp.load(ck, "velocity");
    if (net.config().condDim() != conditions.size()) {
      throw new IllegalArgumentException("the network takes " + net.config().condDim()
          + " condition entries, the file names " + conditions.size() + " conditions");
    }
    return new PerturbationFlow(net, conditions, cfg, seed, ModelFile.provenance(ck));
  }

  @Override
  public String toString() {
    return "PerturbationFlow[conditions=" + conditions + ", dim=" + dim() + ", " + provenance() + "]";
  }
}
