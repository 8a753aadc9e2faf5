package org.flowmatch4j.ot;

import java.util.Arrays;

/**
 * Exact unbalanced optimal transport with total-variation marginal penalties (the generalised
 * Wasserstein distance of Piccoli and Rossi, 2014): for masses a (n), b (m) and a cost C (n x m),
 *
 * <pre>
 *   min over P &gt;= 0 with P 1 &lt;= a, P^T 1 &lt;= b of
 *       &lt;P, C&gt; + lambda (sum_i (a_i - (P 1)_i) + sum_j (b_j - (P^T 1)_j)).
 * </pre>
 *
 * Mass left at a source is destroyed and mass missing at a target created, each at price lambda
 * per unit, so a pair with C_ij &gt; 2 lambda is never transported (sending the mass costs more
 * than destroying it at i and creating it at j): with the squared Euclidean cost, sqrt(2 lambda)
 * is the reach of the plan. Solved exactly as the balanced problem with one extra source of mass
 * sum(b) and one extra target of mass sum(a), cost lambda between an extra point and a real one
 * and 0 between the two extra points; the plan is the real-to-real block of its solution, so it
 * is sparse (at most n + m + 1 entries) like {@link Emd}'s.
 */
public final class TotalVariationEmd {
  private TotalVariationEmd() {}

  /**
   * The plan (n x m, the transported mass only: its total is at most min(sum a, sum b)) for
   * masses {@code a} and {@code b} (non-negative, positive totals), the row-major n x m cost
   * {@code cost} (finite, non-negative) and the price {@code lambda} (&gt; 0, finite) of one unit of
   * destroyed or created mass. Its {@link TransportPlan#cost()} is the transport term
   * &lt;P, C&gt;.
   *
   * @throws IllegalArgumentException for a cost of the wrong length, a weight that is negative or not
   *     finite, a side whose weights do not have a positive total, or a price that is not positive and
   *     finite
   */
  public static TransportPlan plan(double[] a, double[] b, double[] cost, double lambda) {
    int n = a.length;
    int m = b.length;
    if (n < 1 || m < 1 || cost.length != (long) n * m) {
      throw new IllegalArgumentException("cost of length " + cost.length + " for " + n + " x " + m + " masses");
    }
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("the price of destroyed or created mass must be positive and finite, got "
          + lambda);
    }
    double[] wa = Arrays.copyOf(a, n + 1);
    double[] wb = Arrays.copyOf(b, m + 1);
    wa[n] = Marginals.total(b, "target");
    wb[m] = Marginals.total(a, "source");
    double[] c = new double[(n + 1) * (m + 1)];
    for (int i = 0; i < n; i++) {
      System.arraycopy(cost, i * m, c, i * (m + 1), m);
      c[i * (m + 1) + m] = lambda;
    }
    Arrays.fill(c, n * (m + 1), n * (m + 1) + m, lambda);
    TransportPlan full = new NetworkSimplex().solve(wa, wb, c);
    int kept = 0;
    for (int k = 0; k < full.size(); k++) {
      if (full.row(k) < n && full.col(k) < m) {
        kept++;
      }
    }
    int[] rows = new int[kept];
    int[] cols = new int[kept];
    double[] mass = new double[kept];
    double transport = 0;
    for (int k = 0, e = 0; k < full.size(); k++) {
      if (full.row(k) < n && full.col(k) < m) {
        rows[e] = full.row(k);
        cols[e] = full.col(k);
        mass[e] = full.mass(k);
        transport += mass[e] * cost[rows[e] * m + cols[e]];
        e++;
      }
    }
    return new TransportPlan(n, m, rows, cols, mass, transport, full.iterations());
  }
}
