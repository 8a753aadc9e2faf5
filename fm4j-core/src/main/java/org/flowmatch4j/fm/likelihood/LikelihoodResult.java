package org.flowmatch4j.fm.likelihood;

import org.flowmatch4j.tensor.Matrix;

/**
 * Per-point log-likelihoods of a continuous normalising flow and their summaries.
 *
 * <p>Bits per dimension are {@code -log p(x) / (d ln 2)} of the continuous density: for data in
 * R^d no dequantisation applies (there are no discrete values to spread over bins), so the figure
 * is not comparable with the bits per dimension of 8-bit images, and it can be negative.
 *
 * @param logLikelihood log p(x_i), nats, one per point
 * @param standardError the standard error of each Hutchinson estimate from its K probes
 *     ({@code sd_k / sqrt(K)}); 0 for the exact divergence, NaN for a single probe
 * @param logSource log p0(x0_i), the source density at the start of each trajectory
 * @param x0 the points carried back to the source time (n x d)
 * @param dim d
 * @param nfe evaluations of the augmented field, all batches together
 * @param batches integrations run
 */
public record LikelihoodResult(
    double[] logLikelihood, double[] standardError, double[] logSource, Matrix x0, int dim, int nfe, int batches) {

  /** Number of points. */
  public int size() {
    return logLikelihood.length;
  }

  /** Mean log-likelihood over the points (nats). */
  public double mean() {
    double s = 0;
    for (double v : logLikelihood) {
      s += v;
    }
    return s / logLikelihood.length;
  }

  /** Sample standard deviation of the per-point log-likelihoods (0 for one point). */
  public double std() {
    int n = logLikelihood.length;
    if (n < 2) {
      return 0;
    }
    double m = mean();
    double s = 0;
    for (double v : logLikelihood) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / (n - 1));
  }

  /** Standard error of the mean over the data: {@code std / sqrt(n)}. */
  public double standardErrorOfMean() {
    return std() / Math.sqrt(logLikelihood.length);
  }

  /**
   * The part of the mean's error due to the probes alone, {@code sqrt(sum_i se_i^2) / n}: 0 for
   * the exact divergence, NaN with a single probe.
   */
  public double probeStandardErrorOfMean() {
    double s = 0;
    for (double e : standardError) {
      s += e * e;
    }
    return Math.sqrt(s) / standardError.length;
  }

  /** Mean bits per dimension, {@code -mean / (d ln 2)} (continuous data, no dequantisation). */
  public double bitsPerDim() {
    return -mean() / (dim * Math.log(2));
  }

  /** Bits per dimension of point i. */
  public double bitsPerDim(int i) {
    return -logLikelihood[i] / (dim * Math.log(2));
  }
}
