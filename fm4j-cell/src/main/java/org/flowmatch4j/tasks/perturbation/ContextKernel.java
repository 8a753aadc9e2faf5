package org.flowmatch4j.tasks.perturbation;

import java.util.Arrays;

/**
 * Weights of the training contexts for a target context by how alike their control cells are:
 *
 * <pre>
 *   w_o = exp(-||m_t - m_o||^2 / (2 h^2)) / sum_o' exp(-||m_t - m_o'||^2 / (2 h^2))
 * </pre>
 *
 * with m_o the mean of context o's control cells in the embedding (k entries). Only control cells
 * enter, so an unseen context gets weights too. h = infinity gives every context the same weight
 * (the {@link Baseline#MEAN_SHIFT_PER_CONTEXT} average), h towards 0 the nearest context alone.
 *
 * <p>The bandwidth is chosen on the training contexts only ({@link #fit}): each training context
 * k in turn is predicted from the others, its shift s_k (mean of its perturbed cells less mean of
 * its control cells, k entries) estimated as {@code sum_{o != k} w_o(h) s_o}, and h is the
 * candidate with the least sum over k of {@code ||s_k - estimate||^2}. Candidates: {@code dbar
 * 2^(j/2)}, j = -8..4, and infinity, with dbar the median distance between two training contexts'
 * control means; ties go to the larger h. With fewer than three contexts every candidate ties and h
 * is infinity.
 *
 * @param bandwidth h, positive, or {@link Double#POSITIVE_INFINITY}
 */
public record ContextKernel(double bandwidth) {

  /** The uniform kernel, h = infinity. */
  public static final ContextKernel UNIFORM = new ContextKernel(Double.POSITIVE_INFINITY);

  /** Checks that h is positive (or infinite). */
  public ContextKernel {
    if (!(bandwidth > 0)) {
      throw new IllegalArgumentException("a context kernel's bandwidth must be > 0, got " + bandwidth);
    }
  }

  /**
   * The bandwidth chosen by leave-one-context-out on the training contexts.
   *
   * @param controlMeans m_o, one row per training context (n x k)
   * @param shifts s_o, one row per training context (n x k)
   */
  public static ContextKernel fit(double[][] controlMeans, double[][] shifts) {
    int n = controlMeans.length;
    if (shifts.length != n) {
      throw new IllegalArgumentException(n + " control means for " + shifts.length + " shifts");
    }
    ContextKernel best = UNIFORM;
    double bestError = leaveOneOutError(UNIFORM, controlMeans, shifts);
    double dbar = medianDistance(controlMeans);
    for (int j = 4; j >= -8 && dbar > 0; j--) {
      ContextKernel candidate = new ContextKernel(dbar * Math.pow(2, j / 2.0));
      double e = leaveOneOutError(candidate, controlMeans, shifts);
      if (e < bestError) {
        best = candidate;
        bestError = e;
      }
    }
    return best;
  }

  /**
   * The weights of the contexts whose control means are {@code means} (n x k) for a target
   * context whose control mean is {@code target}; they sum to 1.
   */
  public double[] weights(double[] target, double[][] means) {
    int n = means.length;
    double[] d2 = new double[n];
    double min = Double.POSITIVE_INFINITY;
    for (int o = 0; o < n; o++) {
      d2[o] = squaredDistance(target, means[o]);
      min = Math.min(min, d2[o]);
    }
    double[] w = new double[n];
    double sum = 0;
    for (int o = 0; o < n; o++) {
      w[o] = Double.isInfinite(bandwidth) ? 1 : Math.exp(-(d2[o] - min) / (2 * bandwidth * bandwidth));
      sum += w[o];
    }
    for (int o = 0; o < n; o++) {
      w[o] /= sum;
    }
    return w;
  }

  /** {@code sum_k ||s_k - sum_{o != k} w_o s_o||^2}, the weights from the contexts other than k. */
  static double leaveOneOutError(ContextKernel kernel, double[][] controlMeans, double[][] shifts) {
    int n = controlMeans.length;
    if (n < 2) {
      return 0;
    }
    double error = 0;
    for (int k = 0; k < n; k++) {
      double[][] means = new double[n - 1][];
      double[][] others = new double[n - 1][];
      for (int o = 0, q = 0; o < n; o++) {
        if (o != k) {
          means[q] = controlMeans[o];
          others[q++] = shifts[o];
        }
      }
      double[] w = kernel.weights(controlMeans[k], means);
      for (int j = 0; j < shifts[k].length; j++) {
        double estimate = 0;
        for (int o = 0; o < n - 1; o++) {
          estimate += w[o] * others[o][j];
        }
        double r = shifts[k][j] - estimate;
        error += r * r;
      }
    }
    return error;
  }

  /** The median of the distances between two different rows (0 with fewer than two rows). */
  static double medianDistance(double[][] rows) {
    int n = rows.length;
    double[] d = new double[n * (n - 1) / 2];
    int q = 0;
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        d[q++] = Math.sqrt(squaredDistance(rows[a], rows[b]));
      }
    }
    if (d.length == 0) {
      return 0;
    }
    Arrays.sort(d);
    return d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
  }

  private static double squaredDistance(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double r = a[j] - b[j];
      s += r * r;
    }
    return s;
  }
}
