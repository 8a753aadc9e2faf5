package org.flowmatch4j.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.coupling.PairSampler;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.fm.path.ProbPath;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;
import org.flowmatch4j.tensor.Matrix;

/**
 * Multi-marginal flow matching over a time course: one network {@code v(x, tau)} in absolute
 * (model) time is trained on every consecutive pair of the training time points at once. For the
 * pair (s, e) with times {@code tau_s < tau_e} and {@code span = tau_e - tau_s}, each step draws n
 * coupled pairs of cells ({@link Pairing}: n cells of each snapshot coupled, or n pairs of a
 * whole-population plan), draws a pair-local time {@code t ~ U(tMin, tMax)} and
 *
 * <pre>
 *   x_t   = path point between (x0, x1) at t,   u_t = path velocity at t
 *   tau   = tau_s + span t,                     target = u_t / span
 * </pre>
 *
 * since {@code d x / d tau = (d x / d t) / span}. The minibatches of all pairs are stacked into
 * one batch of {@code pairs * n} rows and regressed with one mean squared error. Time points need
 * not be evenly spaced, and a held-out point is bridged by pairing its neighbours.
 *
 * <p>A step's cost does not grow with the number of time points: with more than
 * {@link #MAX_PAIRS_PER_STEP} pairs, each step draws that many distinct pairs uniformly at random
 * and stacks only theirs ({@code MAX_PAIRS_PER_STEP * n} rows). Every pair then weighs the same in
 * expectation, so the loss is an unbiased estimate of the mean over all pairs.
 *
 * <p>The data of a step do not depend on the network ({@link PreparedObjective}): the step's
 * generator gives one seed per pair, and each pair draws its cells, coupling, times and noise from
 * its own generator, so the pairs can be coupled in parallel and the batch of step s depends only
 * on the step's generator. Each batch owns the work buffers and pair samplers of its pairs, so
 * several batches can be prepared at once.
 */
public final class MultiMarginalObjective extends BasePreparedObjective<MultiMarginalObjective.Batch> {
  /** Pairs stacked in one step at most; a course with more pairs draws this many per step. */
  public static final int MAX_PAIRS_PER_STEP = 16;
  private final Mlp net;
  private final ProbPath path;
  private final int n;
  private final int d;
  private final List<Pair> pairs = new ArrayList<>();
  private final String couplingName;
  private final String fingerprint;

  /**
   * The stacked regression problem of one step, inputs (x_t, tau) and targets of slots * n rows
   * (a slot is one pair of the step), with the work buffers of each slot and a pair sampler of
   * each pair of time points (a step's slots hold distinct pairs, so no sampler serves two slots).
   */
  public static final class Batch {
    final Matrix xt;
    final Matrix tau;
    final Matrix target;
    final long[] pairSeeds;
    /** The pair of each slot. */
    final int[] pairIndex;
    final PathBatch[] work;
    final PairSampler[] samplers;

    Batch(int slots, int n, int d, List<Pair> pairs) {
      xt = new Matrix(slots * n, d);
      tau = new Matrix(slots * n, 1);
      target = new Matrix(slots * n, d);
      pairSeeds = new long[slots];
      pairIndex = new int[slots];
      work = new PathBatch[slots];
      for (int p = 0; p < slots; p++) {
        work[p] = new PathBatch(n, d);
      }
      samplers = new PairSampler[pairs.size()];
      for (int p = 0; p < samplers.length; p++) {
        samplers[p] = pairs.get(p).samplers().get();
      }
    }
  }

  /** One pair of consecutive training time points: the samplers of its pairs of cells, and its times. */
  private record Pair(Supplier<PairSampler> samplers, double tauFrom, double span) {}

  /**
   * @param name method name for progress and checkpoints
   * @param snapshots the cells of each time point (n_k x d)
   * @param times model time of each time point (strictly increasing)
   * @param train indices of the time points trained on, increasing (consecutive entries are paired)
   * @param pairing how pairs of cells of two time points are drawn (each batch gets its own
   *     samplers, so batches can be prepared at the same time)
   * @param path the conditional path within a pair
   * @param net v(x, tau), input and output dimension d, no condition
   * @param n cells drawn per time point and pair
   */
  public MultiMarginalObjective(String name, Matrix[] snapshots, double[] times, int[] train,
      Pairing pairing, ProbPath path, Mlp net, int n) {
    super(name, List.of(net));
    if (train.length < 2) {
      throw new IllegalArgumentException("multi-marginal training needs at least 2 time points, got " + train.length);
    }
    if (n < 1) {
      throw new IllegalArgumentException("cells per time point must be >= 1, got " + n);
    }
    int d = snapshots[train[0]].cols;
    DataFingerprint fp = new DataFingerprint();
    if (net.config().inputDim() != d || net.config().outputDim() != d || net.config().condDim() != 0) {
      throw new IllegalArgumentException("the network must map dimension " + d + " to " + d + " without a condition");
    }
    for (int p = 0; p + 1 < train.length; p++) {
      int s = train[p];
      int e = train[p + 1];
      double span = times[e] - times[s];
      if (!(span > 0)) {
        throw new IllegalArgumentException("training time points must increase: " + times[s] + " then " + times[e]);
      }
      fp.add(snapshots[s]).add(times[s]);
      pairs.add(new Pair(pairing.between(snapshots[s], snapshots[e]), times[s], span));
    }
    fp.add(snapshots[train[train.length - 1]]).add(times[train[train.length - 1]]);
    this.fingerprint = fp.hex();
    this.net = net;
    this.path = path;
    this.n = n;
    this.d = d;
    this.couplingName = pairing.name();
  }

  @Override
  public Map<String, String> header() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("fm.path", path.toString());
    h.put("fm.pairs", Integer.toString(pairs.size()));
    h.put("fm.batch_per_pair", Integer.toString(n));
    h.put("fm.coupling", couplingName);
    h.put(DataFingerprint.KEY, fingerprint);
    return h;
  }

  @Override
  public Batch newBatch() {
    return new Batch(Math.min(pairs.size(), MAX_PAIRS_PER_STEP), n, d, pairs);
  }

  /**
   * Chooses the step's pairs (all of them, or {@link #MAX_PAIRS_PER_STEP} distinct ones drawn from
   * {@code rng} when there are more), draws one seed per slot from {@code rng}, then for each slot
   * (in parallel when called from a worker of {@code pool}; in turn on any other thread, which then
   * does not wait for workers that may be busy) draws n coupled pairs of cells of its pair of time
   * points, t and the noise from a generator of that seed, and writes the slot's rows.
   */
  @Override
  public void prepare(RandomGenerator rng, Batch batch, ForkJoinPool pool) {
    int slots = batch.pairIndex.length;
    choosePairs(rng, batch.pairIndex);
    for (int p = 0; p < slots; p++) {
      batch.pairSeeds[p] = rng.nextLong();
    }
    if (pool == null || slots == 1 || ForkJoinTask.getPool() != pool) {
      for (int p = 0; p < slots; p++) {
        preparePair(p, batch);
      }
      return;
    }
    RecursiveAction all = new RecursiveAction() {
      @Override
      protected void compute() {
        RecursiveAction[] tasks = new RecursiveAction[slots];
        for (int p = 0; p < tasks.length; p++) {
          int q = p;
          tasks[p] = new RecursiveAction() {
            @Override
            protected void compute() {
              preparePair(q, batch);
            }
          };
        }
        invokeAll(tasks);
      }
    };
    all.invoke();
  }

  /**
   * Fills {@code slots} with pairs: 0, 1, ... when every pair fits (nothing drawn from {@code rng}),
   * else a uniform sample of distinct pairs (the first slots of a partial Fisher-Yates shuffle).
   */
  private void choosePairs(RandomGenerator rng, int[] slots) {
    int all = pairs.size();
    if (slots.length == all) {
      for (int p = 0; p < all; p++) {
        slots[p] = p;
      }
      return;
    }
    int[] perm = new int[all];
    for (int p = 0; p < all; p++) {
      perm[p] = p;
    }
    for (int p = 0; p < slots.length; p++) {
      int q = p + rng.nextInt(all - p);
      int swap = perm[p];
      perm[p] = perm[q];
      perm[q] = swap;
      slots[p] = perm[p];
    }
  }

  /** Writes the rows of slot p of the batch from its pair. */
  private void preparePair(int p, Batch batch) {
    Pair pair = pairs.get(batch.pairIndex[p]);
    SplittableRandom rng = new SplittableRandom(batch.pairSeeds[p]);
    PathBatch w = batch.work[p];
    w.draw(rng, batch.samplers[batch.pairIndex[p]], path);
    int off = p * n;
    float inv = (float) (1 / pair.span());
    System.arraycopy(w.xt.data, 0, batch.xt.data, off * d, n * d);
    for (int k = 0; k < n * d; k++) {
      batch.target.data[off * d + k] = w.ut.data[k] * inv;
    }
    for (int k = 0; k < n; k++) {
      batch.tau.data[off + k] = (float) (pair.tauFrom() + pair.span() * w.t.data[k]);
    }
  }

  @Override
  public Var loss(Tape tape, Batch batch) {
    Var v = net.forward(tape, tape.constant(batch.xt), tape.constant(batch.tau), null);
    return tape.mse(v, tape.constant(batch.target));
  }
}
