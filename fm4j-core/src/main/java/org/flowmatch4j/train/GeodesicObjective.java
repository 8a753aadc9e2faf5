package org.flowmatch4j.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.coupling.PairSampler;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.fm.metric.DiagonalMetric;
import org.flowmatch4j.fm.path.GeodesicPath;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.RowMap;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;
import org.flowmatch4j.tensor.Matrix;

/**
 * Stage 1 of metric flow matching: trains the interpolant network phi of a {@link GeodesicPath} to
 * make the paths between coupled cells short in a data-dependent metric. For every consecutive
 * pair (s, e) of the training time points, with its own metric G_p fitted to the cells of s and e
 * and {@code span = tau_e - tau_s}, each step draws n coupled pairs of cells ({@link Pairing}: exact
 * OT, of minibatches or of the whole populations, for OT-MFM; independent for I-MFM), draws
 * {@code t ~ U(0, 1)} and minimises
 *
 * <pre>
 *   L = mean over the P n rows of  sum_j g_j(mu_t) (u_t,j / span)^2
 * </pre>
 *
 * the metric energy {@code E ||u_t||^2_G(mu_t)} of the mean path in model time (the published
 * loss; it is not divided by the straight line's energy, which would only rescale it for Adam).
 *
 * <p>The minibatch does not depend on phi ({@link PreparedObjective}): the step's generator gives
 * one seed per pair. The fitted metrics are stored in every checkpoint (sections {@code
 * metric<p>}).
 */
public final class GeodesicObjective extends BasePreparedObjective<GeodesicObjective.Batch> {
  private final Mlp phi;
  private final List<Supplier<PairSampler>> pairs = new ArrayList<>();
  private final double[] span;
  private final List<DiagonalMetric> metrics;
  private final String couplingName;
  private final String fingerprint;
  private final int n;
  private final int d;
  private final GeodesicPath.Workspace ws = new GeodesicPath.Workspace();
  private final Stacked stacked;

  /** The stacked pairs of one step: cells, times and model-time scales of P n rows. */
  public static final class Batch {
    final Matrix x0;
    final Matrix x1;
    final float[] t;
    final float[] scale;
    final long[] pairSeeds;
    final PairSampler[] samplers;
    final Matrix a;
    final Matrix b;

    Batch(GeodesicObjective o) {
      int p = o.pairs.size();
      x0 = new Matrix(p * o.n, o.d);
      x1 = new Matrix(p * o.n, o.d);
      t = new float[p * o.n];
      scale = new float[p * o.n];
      pairSeeds = new long[p];
      samplers = new PairSampler[p];
      for (int q = 0; q < p; q++) {
        samplers[q] = o.pairs.get(q).get();
      }
      a = new Matrix(o.n, o.d);
      b = new Matrix(o.n, o.d);
    }
  }

  /**
   * @param name method name for progress and checkpoints
   * @param snapshots the cells of each time point (n_k x d)
   * @param times model time of each time point (strictly increasing over {@code train})
   * @param train indices of the time points trained on, increasing (consecutive entries are paired)
   * @param metrics the metric of each pair (train.length - 1 of them)
   * @param pairing how pairs of cells of two time points are drawn (each batch gets its own samplers)
   * @param phi the interpolant network ({@link GeodesicPath#newPhi})
   * @param n cells drawn per time point and pair
   */
  public GeodesicObjective(String name, Matrix[] snapshots, double[] times, int[] train, List<DiagonalMetric> metrics,
      Pairing pairing, Mlp phi, int n) {
    super(name, List.of(phi));
    if (train.length < 2) {
      throw new IllegalArgumentException("a metric needs at least 2 time points to connect, got " + train.length);
    }
    if (metrics.size() != train.length - 1) {
      throw new IllegalArgumentException("need one metric per pair of time points (" + (train.length - 1) + "), got "
          + metrics.size());
    }
    if (n < 1) {
      throw new IllegalArgumentException("cells per time point must be >= 1, got " + n);
    }
    int p = train.length - 1;
    this.d = snapshots[train[0]].cols;
    span = new double[p];
    DataFingerprint fp = new DataFingerprint();
    for (int t : train) {
      fp.add(snapshots[t]).add(times[t]);
    }
    this.fingerprint = fp.hex();
    for (int q = 0; q < p; q++) {
      span[q] = times[train[q + 1]] - times[train[q]];
      if (!(span[q] > 0)) {
        throw new IllegalArgumentException("training time points must increase: " + times[train[q]] + " then "
            + times[train[q + 1]]);
      }
      if (metrics.get(q).dim() != d) {
        throw new IllegalArgumentException("metric " + q + " is for dimension " + metrics.get(q).dim() + ", not " + d);
      }
      pairs.add(pairing.between(snapshots[train[q]], snapshots[train[q + 1]]));
    }
    this.phi = phi;
    this.metrics = List.copyOf(metrics);
    this.couplingName = pairing.name();
    this.n = n;
    this.stacked = new Stacked(this.metrics, n);
  }

  /**
   * When the trajectory task stops stage 1 early: the {@link #validation} energy is evaluated every
   * 10 steps, and 5 evaluations in a row (the published patience) without a new lowest value
   * (tolerance 0, as the published rule) end the stage.
   */
  public static final PlateauRule PLATEAU = new PlateauRule(10, 5, 0);

  /**
   * Path-training steps by default for {@code flowSteps} steps of the flow: a quarter of them
   * (at least 1).
   */
  public static int defaultSteps(int flowSteps) {
    return Math.max(1, flowSteps / 4);
  }

  @Override
  public Map<String, String> header() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("mfm.stage", "1");
    h.put("fm.pairs", Integer.toString(pairs.size()));
    h.put("fm.batch_per_pair", Integer.toString(n));
    h.put("fm.coupling", couplingName);
    h.put(DataFingerprint.KEY, fingerprint);
    return h;
  }

  @Override
  public void writeState(Checkpoint ck) {
    for (int p = 0; p < metrics.size(); p++) {
      metrics.get(p).save(ck, "metric" + p);
    }
  }

  @Override
  public Batch newBatch() {
    return new Batch(this);
  }

  @Override
  public void prepare(RandomGenerator rng, Batch batch, ForkJoinPool pool) {
    for (int p = 0; p < pairs.size(); p++) {
      batch.pairSeeds[p] = rng.nextLong();
    }
    for (int p = 0; p < pairs.size(); p++) {
      SplittableRandom r = new SplittableRandom(batch.pairSeeds[p]);
      batch.samplers[p].sample(r, batch.a, batch.b);
      int off = p * n;
      System.arraycopy(batch.a.data, 0, batch.x0.data, off * d, n * d);
      System.arraycopy(batch.b.data, 0, batch.x1.data, off * d, n * d);
      float inv = (float) (1 / span[p]);
      for (int k = 0; k < n; k++) {
        batch.t[off + k] = (float) r.nextDouble();
        batch.scale[off + k] = inv;
      }
    }
  }

  @Override
  public Var loss(Tape tape, Batch batch) {
    return energy(tape, batch, ws);
  }

  /**
   * The loss L of phi's current weights on one fixed batch, drawn once from a generator of {@code
   * seed} as a training step draws its batch (n coupled pairs and times per pair of time points):
   * the validation loss of {@link EarlyStopping}. Each call records it on a tape of its own.
   */
  public DoubleSupplier validation(long seed) {
    Batch fixed = newBatch();
    prepare(new SplittableRandom(seed), fixed, null);
    GeodesicPath.Workspace own = new GeodesicPath.Workspace();
    Tape tape = new Tape();
    return () -> {
      tape.reset();
      return energy(tape, fixed, own).item();
    };
  }

  private Var energy(Tape tape, Batch batch, GeodesicPath.Workspace w) {
    GeodesicPath.Recorded path = GeodesicPath.record(tape, phi, batch.x0, batch.x1, batch.t, batch.scale, w);
    Var g = tape.rowMap(stacked, path.mu());
    Var energy = tape.sum(tape.mul(g, tape.mul(path.ut(), path.ut())));
    return tape.scale(energy, 1f / batch.t.length);
  }

  /** The metric of pair p applied to rows p n .. (p + 1) n - 1. */
  private record Stacked(List<DiagonalMetric> metrics, int n) implements RowMap {
    @Override
    public int outputCols(int d) {
      return metrics.get(0).outputCols(d);
    }

    @Override
    public void apply(Matrix x, int from, int to, Matrix y) {
      for (int p = 0; p < metrics.size(); p++) {
        int lo = Math.max(from, p * n);
        int hi = Math.min(to, (p + 1) * n);
        if (lo < hi) {
          metrics.get(p).apply(x, lo, hi, y);
        }
      }
    }

    @Override
    public void vjp(Matrix x, Matrix gy, int from, int to, Matrix gx) {
      for (int p = 0; p < metrics.size(); p++) {
        int lo = Math.max(from, p * n);
        int hi = Math.min(to, (p + 1) * n);
        if (lo < hi) {
          metrics.get(p).vjp(x, gy, lo, hi, gx);
        }
      }
    }
  }
}
