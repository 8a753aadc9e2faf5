package org.flowmatch4j.ot;

import org.flowmatch4j.tensor.Matrix;

/**
 * The debiased Sinkhorn divergence between two weighted point clouds (Feydy et al. 2019):
 *
 * <pre>
 *   S_eps(a, b) = OT_eps(a, b) - 1/2 OT_eps(a, a) - 1/2 OT_eps(b, b) + 1/2 eps (sum a - sum b)^2
 * </pre>
 *
 * (the last term, zero for equal masses, is ott-jax's). Which OT_eps is a choice ({@link Kind}):
 *
 * <ul>
 *   <li>{@link Kind#REGULARIZED} (default): OT_eps = min_P &lt;P, C&gt; + eps KL(P | a b^T), the
 *       regularised objective at the optimum ({@link SinkhornResult#regularizedCost()}, ott-jax's
 *       {@code reg_ot_cost}). This is the convention of ott-jax's {@code sinkhorn_divergence},
 *       of GeomLoss, and of CellFlow's {@code compute_sinkhorn_div} (which calls ott-jax with a
 *       squared Euclidean cost, {@code scale_cost=1.0} and an absolute epsilon); S_eps >= 0 with
 *       equality when the clouds coincide.
 *   <li>{@link Kind#TRANSPORT}: OT_eps = &lt;P_eps, C&gt;, the transport cost of the entropic plan
 *       without the entropy term, as POT 0.8's {@code empirical_sinkhorn_divergence} computes it
 *       (through {@code sinkhorn2}).
 * </ul>
 *
 * All three problems share one epsilon and one cost scale: with {@link CostScaling#MEAN} or
 * {@link CostScaling#MAX} the factor s is taken from the cross cost matrix C(x, y), all three
 * matrices are divided by it, and the value is in units of the scaled cost (as ott-jax reports
 * it). The symmetric terms use {@link Sinkhorn#solveSymmetric}, whose averaged updates converge
 * where alternating ones crawl. Weights may be null (uniform). Each solve uses the given configuration's
 * tolerance; a strict configuration throws if one of the three does not converge.
 *
 * <p>An instance reuses one {@link Sinkhorn} and its cost buffers. Not thread-safe.
 */
public final class SinkhornDivergence {
  /** Which entropic OT value the divergence is built from. */
  public enum Kind {
    /** &lt;P, C&gt; + eps KL(P | a b^T) at the optimum (ott-jax, GeomLoss, CellFlow). */
    REGULARIZED,
    /** &lt;P, C&gt; of the entropic plan (POT 0.8 {@code empirical_sinkhorn_divergence}). */
    TRANSPORT
  }

  private final Sinkhorn solver = new Sinkhorn();
  private double[] cxy = new double[0];
  private double[] cxx = new double[0];
  private double[] cyy = new double[0];
  private boolean lastConverged;

  /** A divergence evaluator with empty buffers. */
  public SinkhornDivergence() {}

  /**
   * S_eps between the rows of {@code x} (weights {@code a}, null for uniform) and of {@code y}
   * (weights {@code b}), with the balanced entropic problems of {@code cfg} (tau must be 1).
   */
  public double between(
      Matrix x, double[] a, Matrix y, double[] b, GroundCost ground, SinkhornConfig cfg,
      Kind kind) {
    if (!cfg.isBalanced()) {
      throw new IllegalArgumentException(
          "the Sinkhorn divergence is implemented for balanced problems (tau_a = tau_b = 1), got"
              + " tau_a = " + cfg.tauA() + ", tau_b = " + cfg.tauB());
    }
    if (x.cols != y.cols) {
      throw new IllegalArgumentException(
          "point clouds of different dimensions: " + x.rows + "x" + x.cols + " and " + y.rows
              + "x" + y.cols);
    }
    int n = x.rows;
    int m = y.rows;
    if (n < 1 || m < 1) {
      throw new IllegalArgumentException(
          "the Sinkhorn divergence needs at least one point on each side, got " + n + " and " + m);
    }
    double[] wa = a == null ? Emd.uniform(n) : a;
    double[] wb = b == null ? Emd.uniform(m) : b;
    double[] xd = Points.toDouble(x, "source points");
    double[] yd = Points.toDouble(y, "target points");
    int d = x.cols;
    cxy = fit(cxy, n * m);
    cxx = fit(cxx, n * n);
    cyy = fit(cyy, m * m);
    ground.pairwise(xd, n, yd, m, d, cxy);
    ground.pairwise(xd, n, xd, n, d, cxx);
    ground.pairwise(yd, m, yd, m, d, cyy);
    double scale = cfg.scaling().factor(cxy, n * m);
    if (scale != 1) {
      divide(cxy, n * m, scale);
      divide(cxx, n * n, scale);
      divide(cyy, m * m, scale);
    }
    SinkhornConfig plain = cfg.withScaling(CostScaling.NONE);
    double sa = sum(wa);
    double sb = sum(wb);
    SinkhornResult r = solver.solve(wa, wb, cxy, n, m, plain);
    boolean conv = r.converged();
    double vxy = value(r, kind);
    r = solver.solveSymmetric(wa, cxx, n, plain);
    conv &= r.converged();
    double vxx = value(r, kind);
    r = solver.solveSymmetric(wb, cyy, m, plain);
    conv &= r.converged();
    double vyy = value(r, kind);
    lastConverged = conv;
    double eps = cfg.epsilon();
    return vxy - 0.5 * (vxx + vyy) + 0.5 * eps * (sa - sb) * (sa - sb);
  }

  /**
   * The divergence as CellFlow reports it: uniform weights, squared Euclidean cost, no cost
   * scaling, absolute {@code epsilon}, the {@link Kind#REGULARIZED} value, solved to a
   * marginal error below 1e-6 (CellFlow's ott-jax default stops at 1e-3; the converged value is
   * reported here).
   */
  public double cellflow(Matrix x, Matrix y, double epsilon) {
    SinkhornConfig cfg = SinkhornConfig.balanced(epsilon).withStopping(1e-6, 100_000);
    return between(x, null, y, null, GroundCost.SQ_EUCLIDEAN, cfg, Kind.REGULARIZED);
  }

  /** Whether all three solves of the last evaluation converged. */
  public boolean lastConverged() {
    return lastConverged;
  }

  private static double value(SinkhornResult r, Kind kind) {
    return kind == Kind.REGULARIZED ? r.regularizedCost() : r.transportCost();
  }

  private static double[] fit(double[] buf, int size) {
    return buf.length >= size ? buf : new double[size];
  }

  private static void divide(double[] c, int len, double s) {
    for (int k = 0; k < len; k++) {
      c[k] /= s;
    }
  }

  private static double sum(double[] w) {
    double s = 0;
    for (double v : w) {
      s += v;
    }
    return s;
  }
}
