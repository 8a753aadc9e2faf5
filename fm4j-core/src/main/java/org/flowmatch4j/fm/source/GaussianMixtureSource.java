package org.flowmatch4j.fm.source;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.flowmatch4j.tensor.Matrix;

/**
 * A mixture of isotropic Gaussians: component k has mean {@code means} row k, standard deviation
 * {@code stds[k]} and probability {@code w_k = weights[k] / sum(weights)}. Its log-density is
 *
 * <pre>  log p(x) = logsumexp_k [ log w_k - |x - mu_k|^2 / (2 s_k^2) - d log s_k - (d / 2) log(2 pi) ] </pre>
 *
 * (defined when every component of positive weight has a positive standard deviation).
 */
public final class GaussianMixtureSource implements Source, Density {
  private final Matrix means;
  private final double[] stds;
  private final double[] cumulative;

  /**
   * @param means k x d component means (copied)
   * @param stds k standard deviations, each >= 0
   * @param weights k non-negative weights with a positive sum
   */
  public GaussianMixtureSource(Matrix means, double[] stds, double[] weights) {
    int k = means.rows;
    if (k == 0 || means.cols == 0) {
      throw new IllegalArgumentException("Gaussian mixture: need at least one component of dimension >= 1");
    }
    if (stds.length != k || weights.length != k) {
      throw new IllegalArgumentException(
          "Gaussian mixture: " + k + " means but " + stds.length + " stds and " + weights.length + " weights");
    }
    this.means = means.copy();
    this.stds = stds.clone();
    this.cumulative = new double[k];
    double sum = 0;
    for (int i = 0; i < k; i++) {
      if (!(weights[i] >= 0) || !(stds[i] >= 0) || Double.isInfinite(weights[i]) || Double.isInfinite(stds[i])) {
        throw new IllegalArgumentException(
            "Gaussian mixture: component " + i + " has weight " + weights[i] + " and std " + stds[i]);
      }
      sum += weights[i];
      cumulative[i] = sum;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("Gaussian mixture: weights sum to " + sum);
    }
    for (int i = 0; i < k; i++) {
      cumulative[i] /= sum;
    }
    cumulative[k - 1] = 1.0;
  }

  /** Equal weights and one common standard deviation. */
  public static GaussianMixtureSource uniform(Matrix means, double std) {
    double[] s = new double[means.rows];
    double[] w = new double[means.rows];
    Arrays.fill(s, std);
    Arrays.fill(w, 1.0);
    return new GaussianMixtureSource(means, s, w);
  }

  @Override
  public void logDensity(Matrix x, double[] out) {
    requireShapes(x, out);
    int k = means.rows;
    int d = dim();
    double[] logW = new double[k];
    for (int c = 0; c < k; c++) {
      double w = cumulative[c] - (c == 0 ? 0 : cumulative[c - 1]);
      if (w > 0 && stds[c] == 0) {
        throw new IllegalStateException("Gaussian mixture: component " + c + " has std 0 and so no density");
      }
      logW[c] = w > 0 ? Math.log(w) - d * Math.log(stds[c]) - 0.5 * d * Math.log(2 * Math.PI) : Double.NEGATIVE_INFINITY;
    }
    double[] terms = new double[k];
    for (int i = 0; i < x.rows; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        if (logW[c] == Double.NEGATIVE_INFINITY) {
          terms[c] = Double.NEGATIVE_INFINITY;
          continue;
        }
        double sq = 0;
        for (int j = 0; j < d; j++) {
          double diff = (double) x.data[i * d + j] - means.data[c * d + j];
          sq += diff * diff;
        }
        terms[c] = logW[c] - 0.5 * sq / (stds[c] * stds[c]);
        max = Math.max(max, terms[c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(terms[c] - max);
      }
      out[i] = max + Math.log(sum);
    }
  }

  @Override
  public int dim() {
    return means.cols;
  }

  @Override
  public void sample(RandomGenerator rng, Matrix out) {
    requireDim(out);
    int d = dim();
    for (int i = 0; i < out.rows; i++) {
      int c = component(rng.nextDouble());
      float s = (float) stds[c];
      for (int j = 0; j < d; j++) {
        out.data[i * d + j] = means.data[c * d + j] + s * (float) rng.nextGaussian();
      }
    }
  }

  @Override
  public String toString() {
    return "GaussianMixtureSource[k=" + means.rows + ", d=" + means.cols + ", means=" + Arrays.toString(means.data)
        + ", stds=" + Arrays.toString(stds) + ", cumulative=" + Arrays.toString(cumulative) + "]";
  }

  private int component(double u) {
    int i = Arrays.binarySearch(cumulative, u);
    int c = i >= 0 ? i + 1 : -i - 1;
    return Math.min(c, cumulative.length - 1);
  }
}
