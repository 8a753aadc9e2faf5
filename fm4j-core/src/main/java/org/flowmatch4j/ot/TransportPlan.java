package org.flowmatch4j.ot;

import java.util.Arrays;

/**
 * An exact transport plan in sparse form: the positive flows of an optimal basic solution, at most
 * n + m - 1 of them, as triples (row i, column j, mass). Row i indexes the source points (weights
 * a), column j the target points (weights b); the plan's row sums are a and its column sums b, up
 * to rounding.
 *
 * <p>{@link #cost()} is sum_k mass_k * C[i_k, j_k], the optimal value of the linear program
 * min_{P &gt;= 0, P 1 = a, P^T 1 = b} &lt;P, C&gt;.
 */
public final class TransportPlan {
  private final int n;
  private final int m;
  private final int[] rows;
  private final int[] cols;
  private final double[] mass;
  private final double cost;
  private final long iterations;

  TransportPlan(int n, int m, int[] rows, int[] cols, double[] mass, double cost, long iterations) {
    this.n = n;
    this.m = m;
    this.rows = rows;
    this.cols = cols;
    this.mass = mass;
    this.cost = cost;
    this.iterations = iterations;
  }

  /** Number of source points (rows). */
  public int n() {
    return n;
  }

  /** Number of target points (columns). */
  public int m() {
    return m;
  }

  /** Number of stored (positive) flows. */
  public int size() {
    return mass.length;
  }

  /** Source index of flow k. */
  public int row(int k) {
    return rows[k];
  }

  /** Target index of flow k. */
  public int col(int k) {
    return cols[k];
  }

  /** Mass of flow k. */
  public double mass(int k) {
    return mass[k];
  }

  /** The optimal cost sum_k mass_k * C[row_k, col_k]. */
  public double cost() {
    return cost;
  }

  /** Pivots (network simplex) or augmentations (assignment) the solver needed. */
  public long iterations() {
    return iterations;
  }

  /** The plan as a dense n x m row-major array. */
  public double[] toDense() {
    double[] p = new double[Math.multiplyExact(n, m)];
    for (int k = 0; k < mass.length; k++) {
      p[rows[k] * m + cols[k]] += mass[k];
    }
    return p;
  }

  /** Row sums (length n): the transported mass leaving each source point. */
  public double[] rowSums() {
    double[] s = new double[n];
    for (int k = 0; k < mass.length; k++) {
      s[rows[k]] += mass[k];
    }
    return s;
  }

  /** Column sums (length m): the transported mass arriving at each target point. */
  public double[] colSums() {
    double[] s = new double[m];
    for (int k = 0; k < mass.length; k++) {
      s[cols[k]] += mass[k];
    }
    return s;
  }

  /** Total transported mass. */
  public double totalMass() {
    double s = 0;
    for (double v : mass) {
      s += v;
    }
    return s;
  }

  @Override
  public String toString() {
    return "TransportPlan[" + n + "x" + m + ", " + mass.length + " flows, cost=" + cost + "]";
  }

  /** Rows, columns and masses of the stored flows, copied (for tests and exporters). */
  public int[] rows() {
    return Arrays.copyOf(rows, rows.length);
  }

  /** Target indices of the stored flows, copied. */
  public int[] cols() {
    return Arrays.copyOf(cols, cols.length);
  }

  /** Masses of the stored flows, copied. */
  public double[] masses() {
    return Arrays.copyOf(mass, mass.length);
  }
}
