package org.flowmatch4j.ot;

import org.flowmatch4j.tensor.Matrix;

/**
 * Exact optimal transport (earth mover's distance) between weighted point clouds or for a given
 * cost matrix: the entry point that picks the fastest exact solver.
 *
 * <ul>
 *   <li>Equal sizes and uniform weights (n = m, all a_i equal, all b_j equal), n up to {@value
 *       #ASSIGNMENT_MAX_N}: {@link Assignment} (the plan is a permutation scaled by the mass per
 *       point).
 *   <li>Otherwise: {@link NetworkSimplex}, on a dense cost matrix when n*m is at most {@value
 *       #DENSE_MAX_ARCS}, with costs computed on the fly beyond.
 * </ul>
 *
 * Both are exact; the cost is the same optimum either way (they can return different optimal
 * plans when the optimum is not unique). Weights must have equal totals (within a relative 1e-6;
 * b is rescaled to a's total); zero weights are allowed; null weights mean uniform 1/n.
 *
 * <p>Each call allocates its own solver; hot loops should hold an {@link Assignment} or {@link
 * NetworkSimplex} instead.
 */
public final class Emd {
  /** Largest n solved by the assignment route (its dense n x n cost matrix: 512 MiB). */
  public static final int ASSIGNMENT_MAX_N = 8192;

  /**
   * Largest n*m for which the network simplex stores the cost matrix (512 MiB, plus a 256 MiB
   * float copy that it prices on).
   */
  public static final long DENSE_MAX_ARCS = 1L << 26;

  private Emd() {}

  /**
   * An optimal plan between the rows of {@code x} (weights {@code a}, null for uniform) and the
   * rows of {@code y} (weights {@code b}) under {@code ground}.
   */
  public static TransportPlan plan(
      Matrix x, double[] a, Matrix y, double[] b, GroundCost ground) {
    if (x.cols != y.cols) {
      throw new IllegalArgumentException(
          "point clouds of different dimensions: " + x.rows + "x" + x.cols + " and " + y.rows
              + "x" + y.cols);
    }
    return plan(
        Points.toDouble(x, "source points"), a, x.rows,
        Points.toDouble(y, "target points"), b, y.rows, x.cols, ground);
  }

  /**
   * As {@link #plan(Matrix, double[], Matrix, double[], GroundCost)} for flat row-major double
   * arrays: {@code x} is n x d, {@code y} is m x d.
   */
  public static TransportPlan plan(
      double[] x, double[] a, int n, double[] y, double[] b, int m, int d, GroundCost ground) {
    if (n < 1 || m < 1) {
      throw new IllegalArgumentException(
          "exact OT needs at least one point on each side, got " + n + " and " + m);
    }
    if (d < 1) {
      throw new IllegalArgumentException("points need at least one coordinate, got d = " + d);
    }
    double[] wa = a == null ? uniform(n) : a;
    double[] wb = b == null ? uniform(m) : b;
    if (wa.length != n || wb.length != m) {
      throw new IllegalArgumentException(
          "weights of lengths " + wa.length + " and " + wb.length + " for " + n + " and " + m
              + " points");
    }
    Points.requireFinite(x, n, d, "source points");
    Points.requireFinite(y, m, d, "target points");
    if (n == m && n <= ASSIGNMENT_MAX_N && isConstant(wa) && isConstant(wb) && wa[0] > 0) {
      Marginals.check(wa, wb); // same validation and mass check as the general route
      double[] cost = ground.pairwise(x, n, y, m, d);
      return fromAssignment(cost, n, wa[0] * n);
    }
    NetworkSimplex ns = new NetworkSimplex();
    if ((long) n * m <= DENSE_MAX_ARCS) {
      return ns.solve(wa, wb, ground.pairwise(x, n, y, m, d));
    }
    return ns.solve(wa, x, wb, y, d, ground);
  }

  /**
   * An optimal plan for the row-major n x m cost matrix {@code cost} with weights a (length n)
   * and b (length m).
   */
  public static TransportPlan plan(double[] a, double[] b, double[] cost) {
    int n = a.length;
    int m = b.length;
    if (n == m && n > 0 && n <= ASSIGNMENT_MAX_N && isConstant(a) && isConstant(b) && a[0] > 0
        && cost.length == (long) n * m) {
      Marginals.check(a, b);
      return fromAssignment(cost, n, a[0] * n);
    }
    return new NetworkSimplex().solve(a, b, cost);
  }

  /** The optimal cost only: sum_ij P_ij c(x_i, y_j). */
  public static double cost(Matrix x, double[] a, Matrix y, double[] b, GroundCost ground) {
    return plan(x, a, y, b, ground).cost();
  }

  private static TransportPlan fromAssignment(double[] cost, int n, double mass) {
    int[] perm = new int[n];
    double total = new Assignment(n).solve(cost, n, perm);
    int[] rows = new int[n];
    double[] flow = new double[n];
    double each = mass / n;
    for (int i = 0; i < n; i++) {
      rows[i] = i;
      flow[i] = each;
    }
    return new TransportPlan(n, n, rows, perm, flow, total * each, 0);
  }

  static boolean isConstant(double[] w) {
    for (int i = 1; i < w.length; i++) {
      if (w[i] != w[0]) {
        return false;
      }
    }
    return true;
  }

  /** Uniform weights 1 / k over k points. */
  public static double[] uniform(int k) {
    double[] w = new double[k];
    java.util.Arrays.fill(w, 1.0 / k);
    return w;
  }
}
