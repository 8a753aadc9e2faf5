package org.flowmatch4j.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.coupling.Coupling;
import org.flowmatch4j.fm.path.ProbPath;
import org.flowmatch4j.fm.source.EmpiricalSource;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;
import org.flowmatch4j.tensor.Matrix;

/**
 * Multi-marginal flow matching over a time course: one network {@code v(x, tau)} in absolute
 * (model) time is trained on every consecutive pair of the training time points at once. For the
 * pair (s, e) with times {@code tau_s < tau_e} and {@code span = tau_e - tau_s}, each step draws n
 * cells of each snapshot, couples them, draws a pair-local time {@code t ~ U(tMin, tMax)} and
 *
 * <pre>
 *   x_t   = path point between (x0, x1) at t,   u_t = path velocity at t
 *   tau   = tau_s + span t,                     target = u_t / span
 * </pre>
 *
 * since {@code d x / d tau = (d x / d t) / span}. The minibatches of all pairs are stacked into
 * one batch of {@code pairs * n} rows and regressed with one mean squared error. Time points need
 * not be evenly spaced, and a held-out point is bridged by pairing its neighbours.
 */
public final class MultiMarginalObjective implements Objective {
  private final String name;
  private final Mlp net;
  private final ProbPath path;
  private final int n;
  private final List<Pair> pairs = new ArrayList<>();
  private final Matrix xt;
  private final Matrix target;
  private final Matrix tau;
  private final Matrix a;
  private final Matrix b;
  private final Matrix x0;
  private final Matrix x1;
  private final Matrix eps;
  private final Matrix pxt;
  private final Matrix put;
  private final float[] tLocal;
  private final int[] i0;
  private final int[] i1;

  private record Pair(EmpiricalSource from, EmpiricalSource to, double tauFrom, double span, Coupling coupling) {}

  /**
   * @param name method name for progress and checkpoints
   * @param snapshots the cells of each time point (n_k x d)
   * @param times model time of each time point (strictly increasing)
   * @param train indices of the time points trained on, increasing (consecutive entries are paired)
   * @param couplings one coupling per consecutive training pair (couplings hold workspaces)
   * @param path the conditional path within a pair
   * @param net v(x, tau), input and output dimension d, no condition
   * @param n cells drawn per time point and pair
   */
  public MultiMarginalObjective(String name, Matrix[] snapshots, double[] times, int[] train,
      List<Coupling> couplings, ProbPath path, Mlp net, int n) {
    if (train.length < 2) {
      throw new IllegalArgumentException("multi-marginal training needs at least 2 time points, got " + train.length);
    }
    if (couplings.size() != train.length - 1) {
      throw new IllegalArgumentException(
          (train.length - 1) + " pairs need as many couplings, got " + couplings.size());
    }
    if (n < 1) {
      throw new IllegalArgumentException("cells per time point must be >= 1, got " + n);
    }
    int d = snapshots[train[0]].cols;
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
      pairs.add(new Pair(new EmpiricalSource(snapshots[s]), new EmpiricalSource(snapshots[e]), times[s], span,
          couplings.get(p)));
    }
    this.name = name;
    this.net = net;
    this.path = path;
    this.n = n;
    int rows = pairs.size() * n;
    xt = new Matrix(rows, d);
    target = new Matrix(rows, d);
    tau = new Matrix(rows, 1);
    a = new Matrix(n, d);
    b = new Matrix(n, d);
    x0 = new Matrix(n, d);
    x1 = new Matrix(n, d);
    eps = new Matrix(n, d);
    pxt = new Matrix(n, d);
    put = new Matrix(n, d);
    tLocal = new float[n];
    i0 = new int[n];
    i1 = new int[n];
  }

  @Override
  public List<Mlp> networks() {
    return List.of(net);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Map<String, String> header() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("fm.path", path.toString());
    h.put("fm.pairs", Integer.toString(pairs.size()));
    h.put("fm.batch_per_pair", Integer.toString(n));
    h.put("fm.coupling", pairs.get(0).coupling().toString());
    return h;
  }

  @Override
  public Var loss(Tape tape, RandomGenerator rng) {
    int d = a.cols;
    double lo = path.tMin();
    double width = path.tMax() - lo;
    boolean noisy = path.isStochastic();
    for (int p = 0; p < pairs.size(); p++) {
      Pair pair = pairs.get(p);
      pair.from().sample(rng, a);
      pair.to().sample(rng, b);
      pair.coupling().pair(a, b, rng, i0, i1);
      for (int k = 0; k < n; k++) {
        System.arraycopy(a.data, i0[k] * d, x0.data, k * d, d);
        System.arraycopy(b.data, i1[k] * d, x1.data, k * d, d);
      }
      for (int k = 0; k < n; k++) {
        tLocal[k] = (float) (lo + width * rng.nextDouble());
      }
      if (noisy) {
        for (int k = 0; k < eps.data.length; k++) {
          eps.data[k] = (float) rng.nextGaussian();
        }
      }
      path.sample(x0, x1, tLocal, noisy ? eps : null, pxt, put);
      int off = p * n;
      float inv = (float) (1 / pair.span());
      System.arraycopy(pxt.data, 0, xt.data, off * d, n * d);
      for (int k = 0; k < n * d; k++) {
        target.data[off * d + k] = put.data[k] * inv;
      }
      for (int k = 0; k < n; k++) {
        tau.data[off + k] = (float) (pair.tauFrom() + pair.span() * tLocal[k]);
      }
    }
    Var v = net.forward(tape, tape.constant(xt), tape.constant(tau), null);
    return tape.mse(v, tape.constant(target));
  }
}
