package org.flowmatch4j.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.growth.IntervalTargets;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;
import org.flowmatch4j.tensor.Matrix;

/**
 * Unbalanced flow matching over a time course: a velocity network v(x, tau) and a growth network
 * g(x, tau) in model time, regressed together on every interval of consecutive training time
 * points with mass-weighted losses (WFR-FM):
 *
 * <pre>
 *   tau = tau_s + span t,   targets u_t / span and g_t / span   (d/dtau = (d/dt) / span)
 *   L = (1/(K d)) sum_i w_i ||v(x_i, tau_i) - u_i||^2 + (1/K) sum_i w_i (g(x_i, tau_i) - g_i)^2
 * </pre>
 *
 * over the K rows kept (rows of pairs that are not transported have w = 0 and are not counted),
 * with {@code w_i = m_t / m_0} the pair's relative mass at t. Each interval draws n rows per step
 * from its {@link IntervalTargets}; the data of a step depend only on the step's generator
 * ({@link PreparedObjective}), one seed per interval.
 */
public final class GrowthObjective extends BasePreparedObjective<GrowthObjective.Batch> {
  private final Mlp velocity;
  private final Mlp growth;
  private final List<Interval> intervals = new ArrayList<>();
  private final int n;
  private final int d;

  /** One interval: its targets, start time and span in model time. */
  private record Interval(IntervalTargets targets, double tauFrom, double span) {}

  /** The stacked rows of one step. */
  public static final class Batch {
    final Matrix xt;
    final Matrix tau;
    final Matrix ut;
    final Matrix gt;
    final Matrix w;
    final float[] tLocal;

    Batch(int rows, int d) {
      xt = new Matrix(rows, d);
      tau = new Matrix(rows, 1);
      ut = new Matrix(rows, d);
      gt = new Matrix(rows, 1);
      w = new Matrix(rows, 1);
      tLocal = new float[rows];
    }
  }

  /**
   * @param name method name for progress and checkpoints
   * @param velocity v(x, tau): d inputs and a time column, d outputs
   * @param growth g(x, tau): d inputs and a time column, 1 output
   * @param n rows drawn per interval and step
   */
  public GrowthObjective(String name, Mlp velocity, Mlp growth, int n) {
    super(name, List.of(velocity, growth));
    if (n < 1) {
      throw new IllegalArgumentException("rows per interval must be >= 1, got " + n);
    }
    d = velocity.config().inputDim();
    if (velocity.config().outputDim() != d || growth.config().inputDim() != d || growth.config().outputDim() != 1) {
      throw new IllegalArgumentException("need v: R^" + d + " -> R^" + d + " and g: R^" + d + " -> R");
    }
    this.velocity = velocity;
    this.growth = growth;
    this.n = n;
  }

  /** Adds the interval from model time {@code tauFrom} to {@code tauTo} (> tauFrom). */
  public GrowthObjective interval(IntervalTargets targets, double tauFrom, double tauTo) {
    if (!(tauTo > tauFrom)) {
      throw new IllegalArgumentException("an interval must go forward in time: " + tauFrom + " to " + tauTo);
    }
    intervals.add(new Interval(targets, tauFrom, tauTo - tauFrom));
    return this;
  }

  @Override
  public Map<String, String> header() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("fm.intervals", Integer.toString(intervals.size()));
    h.put("fm.batch_per_pair", Integer.toString(n));
    h.put("fm.targets", intervals.isEmpty() ? "" : intervals.get(0).targets().describe());
    return h;
  }

  @Override
  public Batch newBatch() {
    if (intervals.isEmpty()) {
      throw new IllegalStateException("no intervals were added");
    }
    return new Batch(intervals.size() * n, d);
  }

  @Override
  public void prepare(RandomGenerator rng, Batch b, ForkJoinPool pool) {
    long[] seeds = new long[intervals.size()];
    for (int p = 0; p < seeds.length; p++) {
      seeds[p] = rng.nextLong();
    }
    for (int p = 0; p < seeds.length; p++) {
      Interval iv = intervals.get(p);
      int off = p * n;
      iv.targets().draw(new SplittableRandom(seeds[p]), n, b.xt.data, b.ut.data, b.gt.data, b.w.data, b.tLocal, off);
      float inv = (float) (1 / iv.span());
      for (int k = off; k < off + n; k++) {
        b.tau.data[k] = (float) (iv.tauFrom() + iv.span() * b.tLocal[k]);
        b.gt.data[k] *= inv;
        for (int c = 0; c < d; c++) {
          b.ut.data[k * d + c] *= inv;
        }
      }
    }
    int kept = 0;
    for (float v : b.w.data) {
      kept += v > 0 ? 1 : 0;
    }
    float scale = kept == 0 ? 0 : (float) b.w.data.length / kept;
    for (int k = 0; k < b.w.data.length; k++) {
      b.w.data[k] *= scale;
    }
  }

  @Override
  public Var loss(Tape tape, Batch b) {
    Var x = tape.constant(b.xt);
    Var tau = tape.constant(b.tau);
    Var w = tape.constant(b.w);
    Var vLoss = tape.weightedMse(velocity.forward(tape, x, tau, null), tape.constant(b.ut), w);
    Var gLoss = tape.weightedMse(growth.forward(tape, x, tau, null), tape.constant(b.gt), w);
    return tape.add(vLoss, gLoss);
  }
}
