package org.flowmatch4j.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.coupling.Coupling;
import org.flowmatch4j.fm.coupling.PairSampler;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.fm.path.ProbPath;
import org.flowmatch4j.fm.source.EmpiricalSource;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;
import org.flowmatch4j.tensor.Matrix;

/**
 * Conditional flow matching over many (source population, target population, condition)
 * triples, as perturbation models (CellFlow) train: each step draws one triple, n cells of its
 * source (e.g. the control cells of a cell type) and n of its target (the perturbed cells of that
 * cell type and condition), couples them within the batch, and regresses {@code v(x_t, t, c)} onto
 * the path velocity with the triple's condition vector c in every row. With a {@link Pairing} in
 * place of the couplings, the n pairs of a step are drawn from the pairing of the triple's whole
 * source and target populations instead (e.g. {@link Pairing#population()}: the exact OT plan
 * between all control and all perturbed cells of a context).
 *
 * <p>Condition dropout: with probability {@code dropout} a step replaces c by the zero vector, the
 * "null" condition, so that the same network also learns the unconditional field used by
 * classifier-free guidance, {@code v = v_null + w (v_c - v_null)}.
 */
public final class ConditionalObjective extends BaseObjective {
  /** One source population, one target population and the condition that maps one to the other. */
  public record Task(String name, Matrix source, Matrix target, float[] condition) {}

  private final List<Task> tasks;
  private final List<EmpiricalSource> sources = new ArrayList<>();
  private final List<EmpiricalSource> targets = new ArrayList<>();
  private final List<Coupling> couplings;
  private final List<PairSampler> samplers;
  private final String pairingName;
  private final ProbPath path;
  private final Mlp net;
  private final int n;
  private final double dropout;
  private final String fingerprint;
  private final PathBatch pairsAndPath;
  private final Matrix c;

  /**
   * @param tasks the triples (at least one; condition length = the network's condition dimension)
   * @param couplings one coupling per task
   * @param path the conditional path
   * @param net v(x, t, c)
   * @param n cells per population per step
   * @param dropout probability of training a step on the null (zero) condition
   */
  public ConditionalObjective(String name, List<Task> tasks, List<Coupling> couplings, ProbPath path, Mlp net, int n,
      double dropout) {
    this(name, tasks, couplings, null, path, net, n, dropout);
  }

  /**
   * As the constructor with couplings, each task's pairs drawn from {@code pairing} between its
   * whole source and target populations (what the pairing computes for them, e.g. a plan, is
   * computed here, once per task).
   */
  public ConditionalObjective(String name, List<Task> tasks, Pairing pairing, ProbPath path, Mlp net, int n,
      double dropout) {
    this(name, tasks, null, pairing, path, net, n, dropout);
  }

  private ConditionalObjective(String name, List<Task> tasks, List<Coupling> couplings, Pairing pairing,
      ProbPath path, Mlp net, int n, double dropout) {
    super(name, List.of(net));
    if (tasks.isEmpty() || (couplings != null && couplings.size() != tasks.size())) {
      throw new IllegalArgumentException("need at least one task and one coupling per task, got " + tasks.size()
          + " and " + (couplings == null ? 0 : couplings.size()));
    }
    if (!(dropout >= 0 && dropout < 1) || n < 1) {
      throw new IllegalArgumentException("need 0 <= dropout < 1 and n >= 1, got " + dropout + ", " + n);
    }
    int d = net.config().inputDim();
    int cd = net.config().condDim();
    DataFingerprint fp = new DataFingerprint();
    for (Task task : tasks) {
      fp.add(task.source()).add(task.target()).add(task.condition());
      if (task.source().cols != d || task.target().cols != d || task.condition().length != cd) {
        throw new IllegalArgumentException("task " + task.name() + ": populations must have " + d
            + " columns and the condition " + cd + " entries");
      }
      sources.add(new EmpiricalSource(task.source()));
      targets.add(new EmpiricalSource(task.target()));
    }
    this.tasks = List.copyOf(tasks);
    this.couplings = couplings == null ? null : List.copyOf(couplings);
    pairingName = pairing == null ? null : pairing.name();
    if (pairing == null) {
      samplers = null;
    } else {
      List<PairSampler> s = new ArrayList<>();
      for (Task task : tasks) {
        s.add(pairing.between(task.source(), task.target()).get());
      }
      samplers = List.copyOf(s);
    }
    this.path = path;
    this.net = net;
    this.n = n;
    this.dropout = dropout;
    this.fingerprint = fp.hex();
    pairsAndPath = new PathBatch(n, d);
    c = new Matrix(n, cd);
  }

  @Override
  public Map<String, String> header() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("fm.path", path.toString());
    h.put("fm.tasks", Integer.toString(tasks.size()));
    h.put("fm.batch", Integer.toString(n));
    if (pairingName != null) {
      h.put("fm.pairing", pairingName);
    }
    h.put("fm.condition_dropout", Double.toString(dropout));
    h.put(DataFingerprint.KEY, fingerprint);
    return h;
  }

  @Override
  public Var loss(Tape tape, RandomGenerator rng) {
    int k = rng.nextInt(tasks.size());
    if (samplers != null) {
      pairsAndPath.draw(rng, samplers.get(k), path);
    } else {
      pairsAndPath.draw(rng, sources.get(k), targets.get(k), couplings.get(k), path);
    }
    boolean drop = dropout > 0 && rng.nextDouble() < dropout;
    float[] cond = tasks.get(k).condition();
    int cd = cond.length;
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < cd; j++) {
        c.data[r * cd + j] = drop ? 0f : cond[j];
      }
    }
    Var v = net.forward(tape, tape.constant(pairsAndPath.xt), tape.constant(pairsAndPath.t),
        cd == 0 ? null : tape.constant(c));
    return tape.mse(v, tape.constant(pairsAndPath.ut));
  }
}
