package org.flowmatch4j.fm.path;

import java.util.Arrays;
import org.flowmatch4j.fm.coupling.PairSupport;
import org.flowmatch4j.nn.Jvp;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.TimeEncoding;
import org.flowmatch4j.nn.Var;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;

/**
 * The learned interpolant of metric flow matching (Kapusniak et al., NeurIPS 2024): the straight
 * line between a coupled pair bent by a network {@code phi(x0, x1, t)},
 *
 * <pre>
 *   mu_t  = (1 - t) x0 + t x1 + gamma(t) phi(x0, x1, t),     gamma(t) = 1 - t^2 - (1 - t)^2 = 2 t (1 - t)
 *   u_t   = x1 - x0 + gamma'(t) phi + gamma(t) d phi / dt,    gamma'(t) = 2 - 4 t
 *   x_t   = mu_t + sigma eps
 * </pre>
 *
 * with x0, x1, eps, phi n x d and one t per row. gamma(0) = gamma(1) = 0, so x_t hits x0 and x1
 * exactly (for sigma = 0), whatever phi is; {@code d phi / dt} is phi's forward-mode derivative
 * along t ({@link Mlp#jvp}). phi sees the row {@code [x0 | x1]} (2d columns) and t as a raw input
 * column; {@link #newPhi} starts it with a zero output layer, i.e. at the straight line.
 *
 * <p>As a {@link ProbPath} (the second stage of metric flow matching) phi is frozen: the path keeps
 * its own copy of phi's weights from construction, one evaluation copy per thread, so several
 * threads may call {@link #sample} at once. {@link #record} puts the same formulas on a tape with
 * a live phi, for its training (the first stage). {@link #tabulated} gives the same path with phi
 * read from a {@link PhiTable} of the finite set of pairs it will be sampled on, which replaces
 * the network's evaluation at every row by an interpolation.
 */
public final class GeodesicPath implements ProbPath {
  private final Mlp frozen;
  private final double sigma;
  private final ThreadLocal<Evaluator> evaluators;
  private final PhiTable table;

  /**
   * @param phi the trained interpolant network (copied: later changes to it do not show here)
   * @param sigma the constant noise width (0 for a deterministic path)
   */
  public GeodesicPath(Mlp phi, double sigma) {
    if (!(sigma >= 0)) {
      throw new IllegalArgumentException("geodesic path: sigma must be >= 0, got " + sigma);
    }
    requirePhi(phi.config());
    this.frozen = phi.copy();
    this.sigma = sigma;
    this.evaluators = ThreadLocal.withInitial(() -> new Evaluator(frozen.copy(), new Workspace()));
    this.table = null;
  }

  private GeodesicPath(GeodesicPath path, PhiTable table) {
    this.frozen = path.frozen;
    this.sigma = path.sigma;
    this.evaluators = path.evaluators;
    this.table = table;
  }

  /**
   * This path with phi and d phi / dt interpolated from a {@link PhiTable} of {@code support}
   * ({@code intervals} intervals of t) instead of evaluated: {@link #sample} then accepts only
   * pairs of the support.
   */
  public GeodesicPath tabulated(PairSupport support, int intervals) {
    return new GeodesicPath(this, new PhiTable(frozen, support, intervals));
  }

  /** The table phi is read from, or null when it is evaluated. */
  public PhiTable table() {
    return table;
  }

  /** {@code gamma(t) = 1 - t^2 - (1 - t)^2 = 2 t (1 - t)}. */
  public static double gamma(double t) {
    return 1 - t * t - (1 - t) * (1 - t);
  }

  /** {@code gamma'(t) = 2 - 4 t}. */
  public static double gammaDot(double t) {
    return 2 - 4 * t;
  }

  /**
   * A new interpolant network for d-dimensional cells: input {@code [x0 | x1]} (2d) and raw t,
   * output d, the given hidden layers, initialised from {@code seed} with its output layer set to
   * zero (so phi = 0 and the path starts straight).
   */
  public static Mlp newPhi(int d, int width, int depth, Activation activation, long seed) {
    Mlp phi = new Mlp(new MlpConfig(2 * d, 0, d, width, depth, activation, TimeEncoding.RAW, 0, seed));
    int last = phi.layers() - 1;
    Arrays.fill(phi.weight(last).value().data, 0f);
    Arrays.fill(phi.bias(last).value().data, 0f);
    return phi;
  }

  /** The noise width sigma. */
  public double sigma() {
    return sigma;
  }

  /** The frozen network (do not modify it). */
  public Mlp phi() {
    return frozen;
  }

  /** The mean path {@code mu_t} and its velocity {@code u_t} recorded on a tape. */
  public record Recorded(Var mu, Var ut) {}

  /**
   * Records {@code mu_t} and {@code s_i u_t} (each row i scaled by {@code scale[i]}, for example 1 /
   * span to turn a pair's local time into model time; null for 1) on the tape, differentiable with
   * respect to phi's parameters. x0, x1 are n x d, t has n entries. The tape refers to buffers of
   * {@code ws}, so keep them until the tape is reset. Not modified: x0, x1, t, scale.
   */
  public static Recorded record(Tape tape, Mlp phi, Matrix x0, Matrix x1, float[] t, float[] scale, Workspace ws) {
    int n = x0.rows;
    int d = x0.cols;
    requirePhi(phi.config());
    if (phi.config().outputDim() != d) {
      throw new IllegalArgumentException("phi maps to dimension " + phi.config().outputDim() + ", the cells have " + d);
    }
    x1.requireShape(n, d, "x1");
    if (t.length != n || (scale != null && scale.length != n)) {
      throw new IllegalArgumentException("need " + n + " times and scales, got " + t.length
          + (scale != null ? " and " + scale.length : ""));
    }
    ws.ensure(n, d);
    Matrix in = ws.in;
    for (int i = 0; i < n; i++) {
      System.arraycopy(x0.data, i * d, in.data, i * 2 * d, d);
      System.arraycopy(x1.data, i * d, in.data, i * 2 * d + d, d);
      double ti = t[i];
      double s = scale != null ? scale[i] : 1;
      ws.t.data[i] = t[i];
      ws.g.data[i] = (float) gamma(ti);
      ws.gdScaled.data[i] = (float) (s * gammaDot(ti));
      ws.gScaled.data[i] = (float) (s * gamma(ti));
      for (int j = 0; j < d; j++) {
        float a = x0.data[i * d + j];
        float b = x1.data[i * d + j];
        ws.line.data[i * d + j] = (float) ((1 - ti) * a + ti * b);
        ws.delta.data[i * d + j] = (float) (s * (b - a));
      }
    }
    Jvp out = phi.jvp(tape, tape.constant(in), tape.constant(ws.t), null, null, tape.constant(ws.ones), null);
    Var mu = tape.add(tape.constant(ws.line), tape.scaleRows(out.value(), tape.constant(ws.g)));
    Var ut = tape.add(tape.constant(ws.delta), tape.add(tape.scaleRows(out.value(), tape.constant(ws.gdScaled)),
        tape.scaleRows(out.tangent(), tape.constant(ws.gScaled))));
    return new Recorded(mu, ut);
  }

  @Override
  public void sample(Matrix x0, Matrix x1, float[] t, Matrix eps, Matrix xt, Matrix ut) {
    int n = x0.rows;
    int d = x0.cols;
    if (frozen.config().outputDim() != d) {
      throw new IllegalArgumentException("phi maps to dimension " + frozen.config().outputDim() + ", the cells have " + d);
    }
    x1.requireShape(n, d, "x1");
    xt.requireShape(n, d, "xt");
    ut.requireShape(n, d, "ut");
    if (t.length != n) {
      throw new IllegalArgumentException("t: expected " + n + " times, got " + t.length);
    }
    if (sigma > 0) {
      if (eps == null) {
        throw new IllegalArgumentException("eps: a stochastic path needs noise");
      }
      eps.requireShape(n, d, "eps");
    }
    Evaluator e = evaluators.get();
    Workspace w = e.ws;
    w.ensure(n, d);
    if (table != null) {
      for (int i = 0; i < n; i++) {
        int k = table.find(x0, x1, i);
        if (k < 0) {
          throw new IllegalArgumentException("pair " + i + " is not one of the " + table.pairs() + " tabulated pairs");
        }
        table.eval(k, t[i], w.value.data, w.dt.data, i * d);
      }
    } else {
      for (int i = 0; i < n; i++) {
        System.arraycopy(x0.data, i * d, w.in.data, i * 2 * d, d);
        System.arraycopy(x1.data, i * d, w.in.data, i * 2 * d + d, d);
        w.t.data[i] = t[i];
      }
      e.phi.jvp(w.in, w.t, null, null, w.ones, null, w.value, w.dt);
    }
    for (int i = 0; i < n; i++) {
      double ti = t[i];
      double g = gamma(ti);
      double gd = gammaDot(ti);
      for (int j = 0; j < d; j++) {
        int q = i * d + j;
        double a = x0.data[q];
        double b = x1.data[q];
        double mu = (1 - ti) * a + ti * b + g * w.value.data[q];
        xt.data[q] = (float) (sigma > 0 ? mu + sigma * eps.data[q] : mu);
        ut.data[q] = (float) (b - a + gd * w.value.data[q] + g * w.dt.data[q]);
      }
    }
  }

  @Override
  public boolean isStochastic() {
    return sigma > 0;
  }

  @Override
  public double noiseStd(double t) {
    return sigma;
  }

  @Override
  public String toString() {
    return "geodesic(sigma=" + sigma + ", phi=" + frozen.config().depth() + "x" + frozen.config().width()
        + (table != null ? ", tabulated " + table.intervals() : "") + ")";
  }

  private static void requirePhi(MlpConfig c) {
    if (c.inputDim() != 2 * c.outputDim() || c.condDim() != 0 || c.timeEncoding() != TimeEncoding.RAW) {
      throw new IllegalArgumentException("phi must map [x0 | x1] (2d columns) and a raw time column to d outputs, got "
          + c.inputDim() + " -> " + c.outputDim());
    }
  }

  /** One thread's copy of phi and its buffers. */
  private record Evaluator(Mlp phi, Workspace ws) {}

  /** Buffers of one batch size for {@link #record} (reused from one step to the next). */
  public static final class Workspace {
    Matrix in = new Matrix(0, 0);
    Matrix t;
    Matrix ones;
    Matrix value;
    Matrix dt;
    Matrix line;
    Matrix delta;
    Matrix g;
    Matrix gdScaled;
    Matrix gScaled;

    void ensure(int n, int d) {
      if (in.rows != n || in.cols != 2 * d) {
        in = new Matrix(n, 2 * d);
        t = new Matrix(n, 1);
        ones = new Matrix(n, 1);
        Arrays.fill(ones.data, 1f);
        value = new Matrix(n, d);
        dt = new Matrix(n, d);
        line = new Matrix(n, d);
        delta = new Matrix(n, d);
        g = new Matrix(n, 1);
        gdScaled = new Matrix(n, 1);
        gScaled = new Matrix(n, 1);
      }
    }
  }
}
