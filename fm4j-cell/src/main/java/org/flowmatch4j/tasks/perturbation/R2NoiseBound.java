package org.flowmatch4j.tasks.perturbation;

import org.flowmatch4j.tensor.Matrix;

/**
 * What scGen's R^2 of means can reach against a finite set of real perturbed cells: the expected
 * R^2 of the exact population mean (a perfect prediction) against the mean of the n real cells,
 * whose per-gene means carry sampling noise. With x_ig the real cells (n x genes, n >= 2), over
 * the genes scored:
 *
 * <pre>
 *   m_g = mean_i x_ig                       the real mean of gene g
 *   v_g = sum_i (x_ig - m_g)^2 / (n (n-1))   the variance of m_g (noise)
 *   N   = mean_g v_g
 *   S   = var_g m_g - N                      the variance across genes of the true means (signal)
 *   bound = S / (S + N)                      (0 where S is not positive)
 * </pre>
 *
 * since the squared correlation of the true means with the true means plus independent noise is
 * {@code S / (S + N)} (many genes; var_g is the population variance over the genes). It depends
 * only on the real cells, not on the model, and is higher than the two-halves ceiling, which scores
 * n/2 noisy cells against n/2 others.
 *
 * @param genes the bound over all genes
 * @param deg the bound over the top DEGs
 */
public record R2NoiseBound(double genes, double deg) {

  /** The bounds over all genes and over the columns {@code deg} of the real cells {@code real}. */
  public static R2NoiseBound of(Matrix real, int[] deg) {
    return new R2NoiseBound(of(real), of(PerturbationEvaluation.columns(real, deg)));
  }

  /** {@code S / (S + N)} over every column of {@code real} (n x genes), as above. */
  static double of(Matrix real) {
    int n = real.rows;
    int p = real.cols;
    if (n < 2 || p < 2) {
      throw new IllegalArgumentException("a noise bound of R^2 needs at least 2 cells and 2 genes, got " + n + " x " + p);
    }
    double[] m = PerturbationMetrics.means(real);
    double noise = 0;
    for (int g = 0; g < p; g++) {
      double ss = 0;
      for (int i = 0; i < n; i++) {
        double d = real.data[i * p + g] - m[g];
        ss += d * d;
      }
      noise += ss / ((double) n * (n - 1));
    }
    noise /= p;
    double mean = 0;
    for (double v : m) {
      mean += v;
    }
    mean /= p;
    double var = 0;
    for (double v : m) {
      var += (v - mean) * (v - mean);
    }
    double signal = var / p - noise;
    return signal > 0 ? signal / (signal + noise) : 0;
  }
}
