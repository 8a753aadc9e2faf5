package org.flowmatch4j.ot;

/**
 * The outcome of a {@link Sinkhorn} solve: dual potentials, the plan, convergence information and
 * the two usual objective values.
 *
 * <p>The potentials f (length n) and g (length m) belong to the problem actually solved, on the
 * scaled cost C' = C / {@link #scale()}: P_ij = exp((f_i + g_j - C'_ij) / eps). A point with zero
 * weight has potential -infinity and an empty row or column.
 *
 * <p>A result is owned by the solver that produced it and its arrays are overwritten by that
 * solver's next solve (so that minibatch loops allocate nothing); copy what must outlive it.
 */
public final class SinkhornResult {
  int n;
  int m;
  double epsilon;
  double scale;
  boolean converged;
  int iterations;
  double error;
  double transportCost;
  double regularizedCost;
  double[] f = new double[0];
  double[] g = new double[0];
  double[] plan = new double[0];

  SinkhornResult() {}

  /** Number of source points. */
  public int n() {
    return n;
  }

  /** Number of target points. */
  public int m() {
    return m;
  }

  /** The epsilon solved with (units of the scaled cost). */
  public double epsilon() {
    return epsilon;
  }

  /** The cost scale s: the solver worked on C / s. */
  public double scale() {
    return scale;
  }

  /** True when the marginal error fell below the tolerance within the iteration limit. */
  public boolean converged() {
    return converged;
  }

  /** Iterations carried out (one iteration = a g update then an f update). */
  public int iterations() {
    return iterations;
  }

  /** The last marginal error evaluated (see {@link SinkhornConfig#tolerance()}). */
  public double error() {
    return error;
  }

  /** Source potentials f (length n), scaled-cost units. The solver's array: do not modify. */
  public double[] f() {
    return f;
  }

  /** Target potentials g (length m), scaled-cost units. The solver's array: do not modify. */
  public double[] g() {
    return g;
  }

  /**
   * The plan P as a row-major n x m array (P_ij = exp((f_i + g_j - C'_ij) / eps)). The solver's
   * array: do not modify; overwritten by the next solve.
   */
  public double[] plan() {
    return plan;
  }

  /** Total transported mass sum_ij P_ij. */
  public double totalMass() {
    Sum s = new Sum();
    for (int k = 0, nm = n * m; k < nm; k++) {
      s.add(plan[k]);
    }
    return s.value();
  }

  /** Row sums of P (length n, new array). */
  public double[] rowSums() {
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < m; j++) {
        s += plan[i * m + j];
      }
      r[i] = s;
    }
    return r;
  }

  /** Column sums of P (length m, new array). */
  public double[] colSums() {
    double[] c = new double[m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        c[j] += plan[i * m + j];
      }
    }
    return c;
  }

  /**
   * &lt;P, C&gt; in the units of the original (unscaled) cost: the value POT's {@code sinkhorn2}
   * returns (version 0.8), without entropy or marginal terms.
   */
  public double transportCost() {
    return transportCost;
  }

  /**
   * The regularised objective at the returned potentials, on the scaled cost, as ott-jax
   * computes {@code reg_ot_cost}: D_a + D_b + eps (sum(a) sum(b) - sum(P)), where D_a = sum_i
   * a_i (f_i - eps log a_i) when tau_a = 1 and D_a = -sum_i a_i rho_a (exp(-(f_i - eps log a_i)
   * / rho_a) - 1) otherwise (likewise D_b). For balanced problems at convergence this equals
   * min_P &lt;P, C'&gt; + eps KL(P | a b^T), the quantity Sinkhorn divergences are built from.
   */
  public double regularizedCost() {
    return regularizedCost;
  }

  @Override
  public String toString() {
    return "SinkhornResult[" + n + "x" + m + ", eps=" + epsilon + ", converged=" + converged
        + ", iterations=" + iterations + ", error=" + error + "]";
  }
}
