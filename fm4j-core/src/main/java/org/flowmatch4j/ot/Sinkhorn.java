package org.flowmatch4j.ot;

import org.flowmatch4j.tensor.Exp;
import org.flowmatch4j.tensor.Matrix;

/**
 * Entropic optimal transport, balanced or unbalanced, by Sinkhorn's algorithm in the log domain
 * (see {@link SinkhornConfig} for the problem). The updates are ott-jax's ({@code
 * Sinkhorn.lse_step}), alternating, starting from f = g = 0:
 *
 * <pre>
 *   g_j &lt;- tau_b ( eps log b_j - eps LSE_i((f_i - C'_ij) / eps) )
 *   f_i &lt;- tau_a ( eps log a_i - eps LSE_j((g_j - C'_ij) / eps) )
 * </pre>
 *
 * and the plan is P_ij = exp((f_i + g_j - C'_ij) / eps). Every {@code checkEvery} iterations the
 * marginal error of the configured {@link SinkhornStopping} (by default ott-jax's {@code
 * solution_error} ||P 1 - a'||_1 + ||P^T 1 - b'||_1) is compared with the tolerance; the column
 * marginals it needs are those the next g update computes anyway, so checking costs no extra
 * pass. An iteration limit reached without convergence is reported in
 * {@link SinkhornResult#converged()}, or thrown as {@link NotConvergedException} in strict mode.
 *
 * <p>Zero weights are allowed (those points get potential -infinity and carry nothing). Balanced
 * problems need equal total masses (within a relative 1e-6).
 *
 * <p>An instance keeps every work array (the cost, its kernel, potentials, the plan) and its
 * {@link SinkhornResult} between calls, so repeated solves of the same size, such as the
 * 256 x 256 minibatch couplings of OT-CFM, allocate nothing. Not thread-safe.
 */
public final class Sinkhorn {
  /** Scalings are absorbed into the kernel once |log u| or |log v| exceeds this. */
  private static final double ABSORB_LOG = 30;
  /** Shifted exponential sums outside [TINY, HUGE] are recomputed with an exact max shift. */
  private static final double TINY = 1e-250;

  private static final double HUGE = 1e250;
  /** exp(-C' / eps) stays a normal double while |C' / eps| stays below this. */
  private static final double KERNEL_LOG = 600;
  /** Kernel rows swept together (the four-row loops of {@link VectorRows}). */
  private static final int BLOCK = 4;

  private final SinkhornResult result = new SinkhornResult();

  // problem (after dropping zero weights)
  private int n;
  private int m;
  private double[] a = new double[0];
  private double[] b = new double[0];
  private double[] la = new double[0];
  private double[] lb = new double[0];
  private double[] mc = new double[0]; // -C' / eps, n x m
  private double[] kernel = new double[0]; // exp(f0_i + g0_j + mc_ij)
  private double[] costBuf = new double[0];
  private double[] xBuf = new double[0];
  private double[] yBuf = new double[0];

  // iterates, in units of eps (fe = f / eps, ge = g / eps)
  private double[] fe = new double[0];
  private double[] ge = new double[0];
  private double[] f0 = new double[0];
  private double[] g0 = new double[0];
  private double[] u = new double[0];
  private double[] v = new double[0];
  private double[] rowLse = new double[0];
  private double[] colLse = new double[0];
  private double[] rowMarg = new double[0];
  private double[] colMarg = new double[0];
  private double[] shift = new double[0];
  private boolean kernelValid;
  /** Whether {@link #kernel} holds exp(mc), all of it normal doubles (set by {@link #load}). */
  private boolean kernelAtZero;
  private final double[] blockDots = new double[BLOCK];
  /**
   * Scalars of the row bands of {@link RowBands} (two per band: a cost matrix's minimum and
   * maximum, or the kernel's largest exponent) and of the plan's rows (its mass and its sum
   * P_ij mc_ij), combined in order after the parallel loops.
   */
  private double[] partial = new double[0];
  /** The cost matrix of the solve under way (see {@link #mcStored}); null between solves. */
  private double[] costIn;
  /** -1 / (scale eps): mc = costIn * factor in the dense case. */
  private double factor;
  /**
   * Whether {@link #mc} holds -C' / eps. The dense kernel form leaves it out of {@link #load}:
   * its iterations read only the kernel, and its plan reads mc_ij as costIn_ij * factor, the
   * same product; {@link #ensureMc()} fills it when a log-domain pass needs it.
   */
  private boolean mcStored;

  /** A solver with no work arrays yet. */
  public Sinkhorn() {}

  /**
   * Solves between two weighted point clouds with ground cost {@code ground}.
   *
   * @param a source weights (length x.rows), or null for uniform 1/n
   * @param b target weights (length y.rows), or null for uniform 1/m
   */
  public SinkhornResult solve(
      Matrix x, double[] a, Matrix y, double[] b, GroundCost ground, SinkhornConfig cfg) {
    if (x.cols != y.cols) {
      throw new IllegalArgumentException(
          "point clouds of different dimensions: " + x.rows + "x" + x.cols + " and " + y.rows
              + "x" + y.cols);
    }
    int nx = x.rows;
    int my = y.rows;
    if (nx < 1 || my < 1) {
      throw new IllegalArgumentException(
          "Sinkhorn needs at least one point on each side, got " + nx + " and " + my);
    }
    if (xBuf.length < x.data.length) {
      xBuf = new double[x.data.length];
    }
    if (yBuf.length < y.data.length) {
      yBuf = new double[y.data.length];
    }
    copyFinite(x, xBuf, "source points");
    copyFinite(y, yBuf, "target points");
    int size = Math.multiplyExact(nx, my);
    if (costBuf.length < size) {
      costBuf = new double[size];
    }
    ground.pairwise(xBuf, nx, yBuf, my, x.cols, costBuf);
    if (a == null) {
      a = uniformA = uniform(uniformA, nx);
    }
    if (b == null) {
      b = uniformB = uniform(uniformB, my);
    }
    return solve(a, b, costBuf, nx, my, cfg);
  }

  private static void copyFinite(Matrix x, double[] out, String what) {
    float[] d = x.data;
    for (int k = 0; k < d.length; k++) {
      float t = d[k];
      if (!Float.isFinite(t)) {
        throw new IllegalArgumentException(
            what + ": entry (" + k / Math.max(1, x.cols) + ", " + k % Math.max(1, x.cols)
                + ") is " + t + "; point coordinates must be finite");
      }
      out[k] = t;
    }
  }

  private double[] uniformA = new double[0];
  private double[] uniformB = new double[0];

  private static double[] uniform(double[] buf, int k) {
    double[] w = buf.length == k ? buf : new double[k];
    java.util.Arrays.fill(w, 1.0 / k);
    return w;
  }

  /**
   * Solves with the row-major n x m cost matrix {@code cost} (finite; not modified).
   *
   * @param a source weights, length n, finite, non-negative, positive total
   * @param b target weights, length m, likewise
   */
  public SinkhornResult solve(
      double[] a, double[] b, double[] cost, int n, int m, SinkhornConfig cfg) {
    if (a.length != n || b.length != m) {
      throw new IllegalArgumentException(
          "weights of lengths " + a.length + " and " + b.length + " for a " + n + "x" + m
              + " cost matrix");
    }
    if (cost.length < (long) n * m) {
      throw new IllegalArgumentException(
          "cost array of length " + cost.length + " cannot hold a " + n + "x" + m + " matrix");
    }
    double sa = Marginals.total(a, "source");
    double sb = Marginals.total(b, "target");
    if (cfg.isBalanced() && Math.abs(sa - sb) > Marginals.MASS_TOLERANCE * Math.max(sa, sb)) {
      throw new IllegalArgumentException(
          "balanced Sinkhorn needs equal total masses, got sum(a) = " + sa + " and sum(b) = "
              + sb + "; normalise the weights or set tau_a, tau_b < 1 for unbalanced OT");
    }
    double scale = finiteScale(cost, n, m, cfg.scaling());
    int[] rows = positives(a);
    int[] cols = positives(b);
    try {
      load(a, b, cost, n, m, rows, cols, scale, cfg.epsilon(),
          cfg.mode() == SinkhornMode.STABILIZED_KERNEL);
      iterate(cfg);
      finish(cost, n, m, rows, cols, scale, cfg);
    } finally {
      costIn = null; // the caller's array is not kept
    }
    return result;
  }

  /**
   * The symmetric balanced problem OT_eps(a, a) for a symmetric n x n cost (the debiasing terms
   * of a Sinkhorn divergence). Alternating updates converge very slowly on these problems; this
   * solver uses the averaged fixed-point update of Feydy et al. 2019 (eq. 25), which ott-jax also
   * uses for them: f &lt;- (f + T(f)) / 2 with T(f)_j = eps log a_j - eps LSE_i((f_i - C'_ij) /
   * eps), so g = f throughout. Convergence is tested on ||P 1 - a||_1 (||P 1 - a||_2 with {@link
   * SinkhornStopping#POT}) after the iterations the stopping rule names. The tau values of {@code
   * cfg} must be 1.
   */
  public SinkhornResult solveSymmetric(double[] a, double[] cost, int n, SinkhornConfig cfg) {
    if (!cfg.isBalanced()) {
      throw new IllegalArgumentException("the symmetric solver handles balanced problems only");
    }
    if (a.length != n || cost.length < (long) n * n) {
      throw new IllegalArgumentException(
          "weights of length " + a.length + " and a cost array of length " + cost.length
              + " for a symmetric " + n + "x" + n + " problem");
    }
    Marginals.total(a, "source");
    double scale = finiteScale(cost, n, n, cfg.scaling());
    int[] rows = positives(a);
    load(a, a, cost, n, n, rows, rows, scale, cfg.epsilon(), false);
    costIn = null; // without the kernel, load() stored mc
    kernelValid = false; // log-domain updates only; the plan comes from the potentials
    java.util.Arrays.fill(fe, 0, this.n, 0);
    int it = 0;
    boolean converged = false;
    double err = Double.NaN;
    while (true) {
      System.arraycopy(fe, 0, ge, 0, this.n);
      logColumns(); // colLse and colMarg of P(f, f)
      if (it > 0 && (cfg.stopping().checksAfter(it, cfg.checkEvery()) || it >= cfg.maxIterations())) {
        err = cfg.stopping() == SinkhornStopping.POT
            ? Math.sqrt(deviation(0, colMarg, this.a, fe, 0, this.n, true))
            : deviation(0, colMarg, this.a, fe, 0, this.n, false);
        if (!Double.isFinite(err)) {
          throw new IllegalStateException(
              "symmetric Sinkhorn diverged (marginal error " + err + ") at iteration " + it);
        }
        if (err < cfg.tolerance()) {
          converged = true;
          break;
        }
        if (it >= cfg.maxIterations()) {
          break;
        }
      }
      for (int j = 0; j < this.n; j++) {
        fe[j] = 0.5 * (fe[j] + la[j] - colLse[j]);
      }
      it++;
    }
    result.iterations = it;
    result.error = err;
    result.converged = converged;
    if (!converged && cfg.strict()) {
      throw new NotConvergedException(
          "symmetric Sinkhorn did not converge: marginal error " + err + " after " + it
              + " iterations (tolerance " + cfg.tolerance() + ", epsilon " + cfg.epsilon() + ")");
    }
    finish(cost, n, n, rows, rows, scale, cfg);
    return result;
  }

  /**
   * The scaling factor of the row-major n x m {@code cost} after checking that every entry is
   * finite (throwing, as {@link #requireFinite}, otherwise). With {@link CostScaling#MAX} and the
   * vector kernels both come from one pass: the entries are all finite exactly when their minimum
   * and maximum are (a NaN makes both NaN), and the maximum is the factor's.
   */
  private double finiteScale(double[] cost, int n, int m, CostScaling scaling) {
    int nm = n * m;
    if (scaling == CostScaling.MAX && Points.VECTOR) {
      int bands = RowBands.count(n, m);
      double[] mm = partials(2 * bands);
      RowBands.run(n, m, (band, from, to) -> {
        int k = VectorRows.range(cost, from * m, to * m, mm, 2 * band);
        for (; k < to * m; k++) {
          mm[2 * band] = Math.min(mm[2 * band], cost[k]);
          mm[2 * band + 1] = Math.max(mm[2 * band + 1], cost[k]);
        }
      });
      double lo = mm[0];
      double hi = mm[1];
      for (int band = 1; band < bands; band++) {
        lo = Math.min(lo, mm[2 * band]);
        hi = Math.max(hi, mm[2 * band + 1]);
      }
      if (Double.isFinite(lo) && Double.isFinite(hi)) {
        return CostScaling.ofMax(hi);
      }
    }
    requireFinite(cost, n, m);
    return scaling.factor(cost, nm);
  }

  /** {@link #partial}, at least {@code len} long. */
  private double[] partials(int len) {
    if (partial.length < len) {
      partial = new double[len];
    }
    return partial;
  }

  /** Throws naming the first non-finite entry of the row-major n x m {@code cost}, if any. */
  private static void requireFinite(double[] cost, int n, int m) {
    int nm = n * m;
    if (Points.VECTOR && VectorRows.allFinite(cost, nm)) {
      return;
    }
    for (int k = 0; k < nm; k++) {
      if (!Double.isFinite(cost[k])) {
        throw new IllegalArgumentException(
            "cost matrix entry (" + k / m + ", " + k % m + ") is " + cost[k]
                + "; costs must be finite");
      }
    }
  }

  /** Indices of positive weights, or null when all are positive. */
  private static int[] positives(double[] w) {
    int k = 0;
    for (double t : w) {
      if (t > 0) {
        k++;
      }
    }
    if (k == w.length) {
      return null;
    }
    int[] idx = new int[k];
    k = 0;
    for (int i = 0; i < w.length; i++) {
      if (w[i] > 0) {
        idx[k++] = i;
      }
    }
    return idx;
  }

  /**
   * Copies the problem without its zero weights: a, b, their logs and mc = -C / (scale eps);
   * with {@code wantKernel}, also the kernel at zero potentials, exp(mc), when no entry of it
   * under- or overflows ({@link #kernelAtZero}). A dense problem with the vector kernels gets
   * the kernel straight from the cost and leaves mc out ({@link #mcStored}).
   */
  private void load(
      double[] aIn, double[] bIn, double[] cost, int nIn, int mIn, int[] rows, int[] cols,
      double scale, double eps, boolean wantKernel) {
    n = rows == null ? nIn : rows.length;
    m = cols == null ? mIn : cols.length;
    int nm = n * m;
    if (fe.length < n) {
      a = new double[n];
      la = new double[n];
      fe = new double[n];
      f0 = new double[n];
      u = new double[n];
      rowLse = new double[n];
      rowMarg = new double[n];
    }
    if (ge.length < m) {
      b = new double[m];
      lb = new double[m];
      ge = new double[m];
      g0 = new double[m];
      v = new double[m];
      colLse = new double[m];
      colMarg = new double[m];
    }
    if (shift.length < Math.max(n, m)) {
      shift = new double[Math.max(n, m)];
    }
    if (kernel.length < nm) {
      kernel = new double[nm];
    }
    for (int i = 0; i < n; i++) {
      a[i] = aIn[rows == null ? i : rows[i]];
      la[i] = Math.log(a[i]);
    }
    for (int j = 0; j < m; j++) {
      b[j] = bIn[cols == null ? j : cols[j]];
      lb[j] = Math.log(b[j]);
    }
    double factor = -1.0 / (scale * eps);
    this.factor = factor;
    costIn = cost;
    mcStored = false;
    kernelAtZero = false;
    if (rows == null && cols == null && wantKernel && Points.VECTOR) {
      // exp(mc) and max |mc| in one pass, mc itself left out
      int bands = RowBands.count(n, m);
      double[] bandBig = partials(bands);
      int end = VectorRows.end(m);
      RowBands.run(n, m, (band, from, to) -> {
        double big = 0;
        for (int i = from; i < to; i++) {
          int row = i * m;
          big = Math.max(big, VectorRows.scaleExpRow(cost, row, factor, kernel, end));
          for (int j = end; j < m; j++) {
            double t = cost[row + j] * factor;
            kernel[row + j] = Exp.exp(t);
            big = Math.max(big, Math.abs(t));
          }
        }
        bandBig[band] = big;
      });
      double big = 0;
      for (int band = 0; band < bands; band++) {
        big = Math.max(big, bandBig[band]);
      }
      kernelAtZero = big < KERNEL_LOG;
      return;
    }
    if (rows == null && cols == null) {
      ensureMc();
    } else {
      if (mc.length < nm) {
        mc = new double[nm];
      }
      mcStored = true;
      for (int i = 0; i < n; i++) {
        int src = (rows == null ? i : rows[i]) * mIn;
        for (int j = 0; j < m; j++) {
          mc[i * m + j] = cost[src + (cols == null ? j : cols[j])] * factor;
        }
      }
    }
    if (wantKernel && kernelSafeAtZero()) {
      java.util.Arrays.fill(f0, 0, n, 0);
      java.util.Arrays.fill(g0, 0, m, 0);
      computeKernel();
      kernelAtZero = true;
    }
  }

  /** mc = costIn * factor over the dense n x m problem, unless {@link #load} stored it. */
  private void ensureMc() {
    if (mcStored) {
      return;
    }
    int nm = n * m;
    if (mc.length < nm) {
      mc = new double[nm];
    }
    int k = Points.VECTOR ? VectorRows.scale(costIn, factor, mc, nm) : 0;
    for (; k < nm; k++) {
      mc[k] = costIn[k] * factor;
    }
    mcStored = true;
  }

  // ------------------------------------------------------------------ iterations

  private void iterate(SinkhornConfig cfg) {
    boolean kernelMode = cfg.mode() == SinkhornMode.STABILIZED_KERNEL;
    double ta = cfg.tauA();
    double tb = cfg.tauB();
    double eps = cfg.epsilon();
    // err weights: a' = a exp(-f / rho_a) = a exp(-fe (1 - tau_a) / tau_a)
    double ka = ta == 1 ? 0 : (1 - ta) / ta;
    double kb = tb == 1 ? 0 : (1 - tb) / tb;
    java.util.Arrays.fill(fe, 0, n, 0);
    java.util.Arrays.fill(ge, 0, m, 0);
    kernelValid = false;
    if (kernelMode && kernelAtZero) {
      resetScalings(); // f = g = 0: load() computed the kernel exp(-C' / eps)
      if (!kernelColumns()) {
        logColumns();
      }
    } else {
      logColumns();
    }
    int it = 0;
    boolean converged = false;
    double err = Double.NaN;
    while (true) {
      // g update
      for (int j = 0; j < m; j++) {
        ge[j] = tb * (lb[j] - colLse[j]);
      }
      KernelPass pass = KernelPass.NOT_RUN;
      if (kernelValid) {
        if (!scalingsFrom(ge, g0, v, m)) {
          absorb();
        }
        pass = fusedKernelPass(ta);
      }
      if (pass == KernelPass.NOT_RUN || pass == KernelPass.ROWS_FAILED) {
        logRows();
        // f update; row marginals of the new plan come with it
        for (int i = 0; i < n; i++) {
          fe[i] = ta * (la[i] - rowLse[i]);
          rowMarg[i] = Math.exp(fe[i] + rowLse[i]);
        }
      }
      it++;
      if (pass != KernelPass.ALL_DONE) {
        if (!kernelMode) {
          logColumns();
        } else {
          if (!kernelValid || !scalingsFrom(fe, f0, u, n)) {
            absorb();
          }
          if (!kernelColumns()) {
            logColumns();
          }
        }
      }
      if (!Double.isFinite(fe[0]) || !Double.isFinite(ge[0])) {
        throw new IllegalStateException(
            "Sinkhorn diverged (non-finite potentials) at iteration " + it + " with epsilon "
                + eps);
      }
      if (cfg.stopping().checksAfter(it, cfg.checkEvery()) || it == cfg.maxIterations()) {
        err = cfg.stopping() == SinkhornStopping.POT
            ? Math.sqrt(deviation(0, colMarg, b, ge, kb, m, true))
            : deviation(deviation(0, rowMarg, a, fe, ka, n, false), colMarg, b, ge, kb, m, false);
        if (!Double.isFinite(err)) {
          throw new IllegalStateException(
              "Sinkhorn diverged (marginal error " + err + ") at iteration " + it
                  + " with epsilon " + eps);
        }
        if (err < cfg.tolerance()) {
          converged = true;
          break;
        }
        if (it >= cfg.maxIterations()) {
          break;
        }
      }
    }
    result.iterations = it;
    result.error = err;
    result.converged = converged;
    if (!converged && cfg.strict()) {
      throw new NotConvergedException(
          "Sinkhorn did not converge: marginal error " + err + " after " + it
              + " iterations (tolerance " + cfg.tolerance() + ", epsilon " + eps
              + "); raise maxIterations or epsilon, or loosen the tolerance");
    }
  }

  /**
   * start + sum_k |marg_k - t_k| over k in [0, len) (summed in order), or with (marg_k - t_k)^2
   * when {@code squared}, for the targets t_k = w_k exp(-pe_k kappa) of the relaxed marginal
   * (t_k = w_k when kappa = 0).
   */
  private static double deviation(
      double start, double[] marg, double[] w, double[] pe, double kappa, int len,
      boolean squared) {
    double err = start;
    for (int k = 0; k < len; k++) {
      double target = kappa == 0 ? w[k] : w[k] * Math.exp(-pe[k] * kappa);
      double d = marg[k] - target;
      err += squared ? d * d : Math.abs(d);
    }
    return err;
  }

  /** Whether every |C'_ij / eps| is small enough for exp(-C' / eps) to stay a normal double. */
  private boolean kernelSafeAtZero() {
    for (int k = 0, nm = n * m; k < nm; k++) {
      if (!(Math.abs(mc[k]) < KERNEL_LOG)) {
        return false;
      }
    }
    return true;
  }

  /**
   * out[k] = exp(pot[k] - base[k]); false if some |pot - base| exceeds the absorption bound
   * (then the caller absorbs, which also resets the scalings).
   */
  private static boolean scalingsFrom(double[] pot, double[] base, double[] out, int len) {
    boolean ok = true;
    for (int k = 0; k < len; k++) {
      double d = pot[k] - base[k];
      if (!(Math.abs(d) <= ABSORB_LOG)) {
        ok = false;
      }
      out[k] = Math.exp(d);
    }
    return ok;
  }

  /** Absorbs the current potentials into the kernel: f0 = fe, g0 = ge, u = v = 1. */
  private void absorb() {
    resetScalings();
    computeKernel();
  }

  /** f0 = fe, g0 = ge, u = v = 1; the kernel is valid for them. */
  private void resetScalings() {
    System.arraycopy(fe, 0, f0, 0, n);
    System.arraycopy(ge, 0, g0, 0, m);
    java.util.Arrays.fill(u, 0, n, 1.0);
    java.util.Arrays.fill(v, 0, m, 1.0);
    kernelValid = true;
  }

  /** kernel_ij = exp(mc_ij + g0_j + f0_i). */
  private void computeKernel() {
    ensureMc();
    for (int i = 0; i < n; i++) {
      int row = i * m;
      double fi = f0[i];
      int j = Points.VECTOR ? VectorRows.expRow(mc, row, g0, fi, kernel, m) : 0;
      for (; j < m; j++) {
        kernel[row + j] = Exp.exp(mc[row + j] + g0[j] + fi);
      }
    }
  }

  /**
   * colLse_j = LSE_i(fe_i + mc_ij) and colMarg_j = exp(ge_j + colLse_j) in the log domain:
   * shifted by ge_j, with an exact max-shift pass when a shifted sum leaves [TINY, HUGE].
   */
  private void logColumns() {
    ensureMc();
    for (int j = 0; j < m; j++) {
      shift[j] = ge[j];
    }
    columnSums(shift, colMarg);
    boolean ok = true;
    for (int j = 0; j < m; j++) {
      double s = colMarg[j];
      if (!(s >= TINY && s <= HUGE)) {
        ok = false;
        break;
      }
    }
    if (!ok) {
      java.util.Arrays.fill(shift, 0, m, Double.NEGATIVE_INFINITY);
      for (int i = 0; i < n; i++) {
        int row = i * m;
        double fi = fe[i];
        for (int j = 0; j < m; j++) {
          shift[j] = Math.max(shift[j], fi + mc[row + j]);
        }
      }
      for (int j = 0; j < m; j++) {
        shift[j] = -shift[j];
      }
      columnSums(shift, colLse);
      for (int j = 0; j < m; j++) {
        colLse[j] = Math.log(colLse[j]) - shift[j];
        colMarg[j] = Math.exp(ge[j] + colLse[j]);
      }
    } else {
      for (int j = 0; j < m; j++) {
        colLse[j] = Math.log(colMarg[j]) - ge[j];
      }
    }
  }

  /** out_j = sum_i exp(fe_i + mc_ij + h_j). */
  private void columnSums(double[] h, double[] out) {
    java.util.Arrays.fill(out, 0, m, 0);
    for (int i = 0; i < n; i++) {
      int row = i * m;
      double fi = fe[i];
      int j = Points.VECTOR ? VectorRows.addExpRow(mc, row, h, fi, out, m) : 0;
      for (; j < m; j++) {
        out[j] += Exp.exp(mc[row + j] + h[j] + fi);
      }
    }
  }

  /** rowLse_i = LSE_j(ge_j + mc_ij), shifted by fe_i, exact max shift where needed. */
  private void logRows() {
    ensureMc();
    for (int i = 0; i < n; i++) {
      int row = i * m;
      double s = rowSum(row, fe[i]);
      if (s >= TINY && s <= HUGE) {
        rowLse[i] = Math.log(s) - fe[i];
      } else {
        double mx = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < m; j++) {
          mx = Math.max(mx, ge[j] + mc[row + j]);
        }
        rowLse[i] = Math.log(rowSum(row, -mx)) + mx;
      }
    }
  }

  /** sum_j exp(ge_j + mc_ij + h) over row i (offset {@code row}). */
  private double rowSum(int row, double h) {
    int j = Points.VECTOR ? VectorRows.end(m) : 0;
    double s = Points.VECTOR ? VectorRows.sumExpRow(mc, row, ge, h, j) : 0;
    for (; j < m; j++) {
      s += Exp.exp(mc[row + j] + ge[j] + h);
    }
    return s;
  }

  /** How far {@link #fusedKernelPass(double)} got. */
  private enum KernelPass {
    /** Not attempted (log domain). */
    NOT_RUN,
    /** Some (K v)_i under- or overflowed: nothing of the pass is valid. */
    ROWS_FAILED,
    /**
     * The f update and the row marginals are done; the column products are not (a scaling u_i
     * left the absorption bound, or some (K^T u)_j under- or overflowed).
     */
    ROWS_DONE,
    /** The f update, both marginals and colLse are done. */
    ALL_DONE
  }

  /**
   * One sweep over the kernel for a whole f half-iteration and the following column products:
   * for each row i, s_i = (K v)_i, then
   *
   * <pre>
   *   rowLse_i = log s_i - f0_i,   fe_i = tau_a (log a_i - rowLse_i),
   *   rowMarg_i = exp(fe_i + rowLse_i),   u_i = exp(fe_i - f0_i),   (K^T u)_j += u_i K_ij,
   * </pre>
   *
   * the last while row i is still in cache, so K is read from memory once per iteration instead
   * of twice. Rows go in blocks of {@link #BLOCK}: the products (K v)_i of a block in one pass
   * over v, then the block's u_i K_ij added to K^T u in one pass over it. Every number is
   * computed with the same operations in the same order as the products K v, the f update,
   * {@link #scalingsFrom} and {@link #kernelColumns()} one after the other would, so the
   * iterates are those of the unfused sweeps bit for bit; the returned state says which of these
   * the caller still has to run. When a product leaves [TINY, HUGE] the caller recomputes in the
   * log domain, whose shifts may then already be the new fe_i.
   */
  private KernelPass fusedKernelPass(double ta) {
    double[] ku = shift;
    java.util.Arrays.fill(ku, 0, m, 0);
    boolean columns = true;
    int i = 0;
    for (; i + BLOCK <= n; i += BLOCK) {
      kernelRowDots(i);
      for (int q = 0; q < BLOCK; q++) {
        double s = blockDots[q];
        if (!(s >= TINY && s <= HUGE)) {
          return KernelPass.ROWS_FAILED;
        }
        columns &= updateRow(i + q, s, ta);
      }
      if (columns) {
        addKernelRows(i, ku);
      }
    }
    for (; i < n; i++) {
      double s = kernelRowDot(i * m);
      if (!(s >= TINY && s <= HUGE)) {
        return KernelPass.ROWS_FAILED;
      }
      columns &= updateRow(i, s, ta);
      if (columns) {
        addKernelRow(i * m, u[i], ku);
      }
    }
    return columns && columnsFrom(ku) ? KernelPass.ALL_DONE : KernelPass.ROWS_DONE;
  }

  /**
   * The f update of row i from s = (K v)_i (rowLse_i, fe_i, rowMarg_i), and u_i = exp(fe_i -
   * f0_i); false, u_i not written, when |fe_i - f0_i| exceeds the absorption bound.
   */
  private boolean updateRow(int i, double s, double ta) {
    rowLse[i] = Math.log(s) - f0[i];
    fe[i] = ta * (la[i] - rowLse[i]);
    rowMarg[i] = Math.exp(fe[i] + rowLse[i]);
    double d = fe[i] - f0[i];
    if (!(Math.abs(d) <= ABSORB_LOG)) {
      return false;
    }
    u[i] = Math.exp(d);
    return true;
  }

  /**
   * Kernel form of {@link #logColumns()}: colMarg_j = v_j (K^T u)_j, colLse_j = log((K^T u)_j)
   * - g0_j. Returns false when a product under- or overflows.
   */
  private boolean kernelColumns() {
    double[] ku = shift;
    java.util.Arrays.fill(ku, 0, m, 0);
    int i = 0;
    for (; i + BLOCK <= n; i += BLOCK) {
      addKernelRows(i, ku);
    }
    for (; i < n; i++) {
      addKernelRow(i * m, u[i], ku);
    }
    return columnsFrom(ku);
  }

  /** (K v)_i for the row starting at offset {@code row} of the kernel. */
  private double kernelRowDot(int row) {
    int j = Points.VECTOR ? VectorRows.end(m) : 0;
    double s = Points.VECTOR ? VectorRows.dotRowUnrolled(kernel, row, v, j) : 0;
    return kernelRowDotTail(row, j, s);
  }

  /** s + sum of K_ij v_j over j in [j0, m) for the row at offset {@code row}. */
  private double kernelRowDotTail(int row, int j0, double s) {
    for (int j = j0; j < m; j++) {
      s += kernel[row + j] * v[j];
    }
    return s;
  }

  /** blockDots[q] = (K v)_{i+q} for the {@link #BLOCK} rows from i, as {@link #kernelRowDot}. */
  private void kernelRowDots(int i) {
    int row = i * m;
    if (!Points.VECTOR) {
      for (int q = 0; q < BLOCK; q++) {
        blockDots[q] = kernelRowDot(row + q * m);
      }
      return;
    }
    int end = VectorRows.end(m);
    VectorRows.dotRows4(kernel, row, m, v, end, blockDots);
    for (int q = 0; q < BLOCK; q++) {
      blockDots[q] = kernelRowDotTail(row + q * m, end, blockDots[q]);
    }
  }

  /** ku += ui K_row over the m columns. */
  private void addKernelRow(int row, double ui, double[] ku) {
    int j = Points.VECTOR ? VectorRows.axpyRow(kernel, row, ui, ku, m) : 0;
    for (; j < m; j++) {
      ku[j] += kernel[row + j] * ui;
    }
  }

  /** ku += u_{i+q} K_{i+q} for the {@link #BLOCK} rows from i, as {@link #addKernelRow} on each. */
  private void addKernelRows(int i, double[] ku) {
    int row = i * m;
    int j = Points.VECTOR ? VectorRows.axpyRows4(kernel, row, m, u, i, ku) : 0;
    for (; j < m; j++) {
      for (int q = 0; q < BLOCK; q++) {
        ku[j] += kernel[row + q * m + j] * u[i + q];
      }
    }
  }

  /**
   * colLse_j = log(ku_j) - g0_j and colMarg_j = v_j ku_j from ku = K^T u; false (nothing
   * written) when some ku_j under- or overflows.
   */
  private boolean columnsFrom(double[] ku) {
    for (int j = 0; j < m; j++) {
      double s = ku[j];
      if (!(s >= TINY && s <= HUGE)) {
        return false;
      }
    }
    for (int j = 0; j < m; j++) {
      colLse[j] = Math.log(ku[j]) - g0[j];
      colMarg[j] = v[j] * ku[j];
    }
    return true;
  }

  // ------------------------------------------------------------------ results

  private void finish(
      double[] cost, int nIn, int mIn, int[] rows, int[] cols, double scale, SinkhornConfig cfg) {
    double eps = cfg.epsilon();
    SinkhornResult r = result;
    r.n = nIn;
    r.m = mIn;
    r.epsilon = eps;
    r.scale = scale;
    if (r.f.length != nIn) {
      r.f = new double[nIn];
    }
    if (r.g.length != mIn) {
      r.g = new double[mIn];
    }
    int nm = nIn * mIn;
    if (r.plan.length != nm) {
      r.plan = new double[nm];
    }
    boolean dense = rows == null && cols == null;
    if (!(dense && kernelValid)) {
      ensureMc();
    }
    if (!dense) {
      java.util.Arrays.fill(r.f, Double.NEGATIVE_INFINITY);
      java.util.Arrays.fill(r.g, Double.NEGATIVE_INFINITY);
      java.util.Arrays.fill(r.plan, 0);
    }
    for (int i = 0; i < n; i++) {
      r.f[rows == null ? i : rows[i]] = eps * fe[i];
    }
    for (int j = 0; j < m; j++) {
      r.g[cols == null ? j : cols[j]] = eps * ge[j];
    }
    // Plan from the potentials, and sum_ij P_ij mc_ij for the transport cost: rows on all cores,
    // their sums added in row order.
    double[] sums = partials(2 * n);
    double[] plan = r.plan;
    boolean fromKernel = dense && kernelValid;
    RowBands.run(n, m, (band, from, to) -> planRows(from, to, cost, rows, cols, mIn, fromKernel, plan, sums));
    Sum mass = new Sum();
    Sum pm = new Sum();
    for (int i = 0; i < n; i++) {
      mass.add(sums[2 * i]);
      pm.add(sums[2 * i + 1]);
    }
    // <P, C> = -eps * scale * sum P mc
    r.transportCost = -eps * scale * pm.value();
    double sa = 0;
    double sb = 0;
    for (int i = 0; i < n; i++) {
      sa += a[i];
    }
    for (int j = 0; j < m; j++) {
      sb += b[j];
    }
    Sum reg = new Sum();
    reg.add(divergenceTerm(a, la, fe, n, cfg.tauA(), eps));
    reg.add(divergenceTerm(b, lb, ge, m, cfg.tauB(), eps));
    reg.add(eps * (sa * sb - mass.value()));
    r.regularizedCost = reg.value();
  }

  /**
   * Rows [from, to) of the plan P_ij = exp(fe_i + ge_j + mc_ij) into {@code plan} (n x m, or the
   * rows and columns of the positive weights in an nIn x mIn plan), and each row's sum_j P_ij and
   * sum_j P_ij mc_ij into sums[2 i] and sums[2 i + 1]. With {@code fromKernel}, P_ij = K_ij u_i v_j
   * (the scalings of the final potentials, no exponentials) and mc_ij = cost_ij factor.
   */
  private void planRows(
      int from, int to, double[] cost, int[] rows, int[] cols, int mIn, boolean fromKernel, double[] plan,
      double[] sums) {
    boolean dense = rows == null && cols == null;
    for (int i = from; i < to; i++) {
      int row = i * m;
      int out = (rows == null ? i : rows[i]) * mIn;
      double fi = fe[i];
      double rowMass = 0;
      double rowPm = 0;
      int j = 0;
      if (fromKernel) {
        double ui = u[i];
        if (Points.VECTOR) {
          j = VectorRows.end(m);
          VectorRows.planRowFromKernel(kernel, cost, factor, row, v, ui, plan, out, j, sums, 2 * i);
          rowMass = sums[2 * i];
          rowPm = sums[2 * i + 1];
        }
        for (; j < m; j++) {
          double p = kernel[row + j] * v[j] * ui;
          plan[out + j] = p;
          rowMass += p;
          rowPm += p * (cost[row + j] * factor);
        }
      } else if (dense) {
        if (Points.VECTOR) {
          j = VectorRows.end(m);
          VectorRows.planRowFromPotentials(mc, row, ge, fi, plan, out, j, sums, 2 * i);
          rowMass = sums[2 * i];
          rowPm = sums[2 * i + 1];
        }
        for (; j < m; j++) {
          double p = Exp.exp(mc[row + j] + ge[j] + fi);
          plan[out + j] = p;
          rowMass += p;
          rowPm += p * mc[row + j];
        }
      } else {
        for (; j < m; j++) {
          double p = Exp.exp(mc[row + j] + ge[j] + fi);
          plan[out + (cols == null ? j : cols[j])] = p;
          rowMass += p;
          rowPm += p * mc[row + j];
        }
      }
      sums[2 * i] = rowMass;
      sums[2 * i + 1] = rowPm;
    }
  }

  /** ott-jax's marginal term of {@code compute_kl_reg_cost} for one side (potentials / eps). */
  private static double divergenceTerm(
      double[] w, double[] lw, double[] pe, int len, double tau, double eps) {
    Sum s = new Sum();
    if (tau == 1) {
      for (int k = 0; k < len; k++) {
        s.add(w[k] * eps * (pe[k] - lw[k]));
      }
    } else {
      double rho = SinkhornConfig.rho(eps, tau);
      for (int k = 0; k < len; k++) {
        double h = -eps * (pe[k] - lw[k]);
        s.add(-w[k] * rho * Math.expm1(h / rho));
      }
    }
    return s.value();
  }
}
