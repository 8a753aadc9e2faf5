package org.flowmatch4j.ot;

import org.flowmatch4j.tensor.Parallel;

/**
 * Unbalanced optimal transport with Kullback-Leibler marginal penalties, solved by the
 * majorisation-minimisation algorithm of Chapel et al. (2021), as POT's
 * {@code ot.unbalanced.mm_unbalanced(a, b, M, reg_m=(rho_a, rho_b), div='kl')}:
 *
 * <pre>
 *   min_{G >= 0}  &lt;G, M&gt; + rho_a KL(G 1 | a) + rho_b KL(G^T 1 | b),
 *   KL(p | q) = sum_i p_i log(p_i / q_i) - p_i + q_i,
 * </pre>
 *
 * without entropic regularisation. Starting from {@code G = a b^T}, each iteration is the
 * multiplicative update
 *
 * <pre>
 *   K = exp(-M / (rho_a + rho_b)),
 *   u = (a / (G 1 + 1e-16))^(rho_a / (rho_a + rho_b)),   v = (b / (G^T 1 + 1e-16))^(rho_b / (rho_a + rho_b)),
 *   G &lt;- G * K * u v^T  (element-wise),
 * </pre>
 *
 * stopping when {@code ||G_new - G||_F < tol} or after {@code maxIterations} (POT's defaults: 1e-15
 * and 1000, which in practice always runs the 1000 iterations; the published WFR-FM code calls it
 * with them). Time O(iterations n m), memory two n x m double arrays. Rows are updated in
 * parallel on {@link Parallel}.
 *
 * @param rhoA penalty on the source marginal, > 0
 * @param rhoB penalty on the target marginal, > 0
 * @param maxIterations iteration limit, >= 1
 * @param tol stopping threshold on the Frobenius change of G, >= 0
 */
public record MmUnbalanced(double rhoA, double rhoB, int maxIterations, double tol) implements UnbalancedPlanSolver {
  /** Checks the settings. */
  public MmUnbalanced {
    if (!(rhoA > 0) || !(rhoB > 0) || Double.isInfinite(rhoA) || Double.isInfinite(rhoB)) {
      throw new IllegalArgumentException("reg_m must be positive and finite on both sides, got " + rhoA + ", " + rhoB);
    }
    if (maxIterations < 1 || !(tol >= 0)) {
      throw new IllegalArgumentException("need maxIterations >= 1 and tol >= 0, got " + maxIterations + ", " + tol);
    }
  }

  /** POT's defaults with reg_m = (1, 1): 1000 iterations, tolerance 1e-15. */
  public static MmUnbalanced standard() {
    return new MmUnbalanced(1, 1, 1000, 1e-15);
  }

  /**
   * The plan G (n x m, row-major) for source masses {@code a} (n, positive), target masses
   * {@code b} (m, positive) and cost {@code cost} (n x m, finite).
   */
  @Override
  public double[] solve(double[] a, double[] b, double[] cost) {
    int n = a.length;
    int m = b.length;
    if (n < 1 || m < 1 || cost.length != (long) n * m) {
      throw new IllegalArgumentException("cost of length " + cost.length + " for " + n + " x " + m + " masses");
    }
    requirePositive(a, "source");
    requirePositive(b, "target");
    double[] k = new double[n * m];
    double[] g = new double[n * m];
    double sum = rhoA + rhoB;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double c = cost[i * m + j];
        if (!Double.isFinite(c)) {
          throw new IllegalArgumentException("cost (" + i + ", " + j + ") is " + c);
        }
        k[i * m + j] = Math.exp(-c / sum);
        g[i * m + j] = a[i] * b[j];
      }
    }
    double pa = rhoA / sum;
    double pb = rhoB / sum;
    int parts = Math.min(n, 4 * Parallel.threads());
    double[] u = new double[n];
    double[] v = new double[m];
    double[] rows = new double[n];
    double[][] cols = new double[parts][m];
    double[] rowChange = new double[n];
    sums(g, n, m, parts, rows, cols);
    for (int it = 0; it < maxIterations; it++) {
      for (int i = 0; i < n; i++) {
        u[i] = power(a[i] / (rows[i] + 1e-16), pa);
      }
      for (int j = 0; j < m; j++) {
        double c = 0;
        for (double[] part : cols) {
          c += part[j];
        }
        v[j] = power(b[j] / (c + 1e-16), pb);
      }
      Parallel.run(parts, p -> {
        double[] col = cols[p];
        java.util.Arrays.fill(col, 0);
        for (int i = p * n / parts, end = (p + 1) * n / parts; i < end; i++) {
          double ch = 0;
          double r = 0;
          double ui = u[i];
          for (int j = 0, o = i * m; j < m; j++) {
            double old = g[o + j];
            double nw = old * k[o + j] * ui * v[j];
            g[o + j] = nw;
            r += nw;
            col[j] += nw;
            ch += (nw - old) * (nw - old);
          }
          rows[i] = r;
          rowChange[i] = ch;
        }
      });
      double change = 0;
      for (double ch : rowChange) {
        change += ch;
      }
      if (Math.sqrt(change) < tol) {
        break;
      }
    }
    return g;
  }

  /** Row sums of g into rows, column sums of the row blocks of the parts into cols. */
  private static void sums(double[] g, int n, int m, int parts, double[] rows, double[][] cols) {
    for (int p = 0; p < parts; p++) {
      for (int i = p * n / parts, end = (p + 1) * n / parts; i < end; i++) {
        double r = 0;
        for (int j = 0, o = i * m; j < m; j++) {
          r += g[o + j];
          cols[p][j] += g[o + j];
        }
        rows[i] = r;
      }
    }
  }

  /** x^p, with the square root (as POT computes it for reg_m on both sides equal) when p = 1/2. */
  private static double power(double x, double p) {
    return p == 0.5 ? Math.sqrt(x) : Math.pow(x, p);
  }

  private static void requirePositive(double[] w, String what) {
    for (int i = 0; i < w.length; i++) {
      if (!(w[i] > 0) || Double.isInfinite(w[i])) {
        throw new IllegalArgumentException(what + " mass " + i + " is " + w[i] + "; masses must be positive and finite");
      }
    }
  }
}
