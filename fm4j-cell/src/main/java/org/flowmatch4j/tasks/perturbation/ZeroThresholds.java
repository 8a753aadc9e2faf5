package org.flowmatch4j.tasks.perturbation;

import java.util.Arrays;
import org.flowmatch4j.tensor.Matrix;

/**
 * A per-gene model of the zeros of decoded expression. For gene j, with the training cells'
 * decoded values {@code v_(1) <= ... <= v_(n)} (decoded the way predictions are) and {@code m_j}
 * of their real values exactly zero, the threshold is the midpoint
 * {@code tau_j = (v_(m_j) + v_(m_j + 1)) / 2} (-inf when no training cell is zero, +inf when all
 * are), so that the fraction of decoded training cells below tau_j is the real zero fraction. A
 * predicted value becomes {@code x_j > max(tau_j, 0) ? x_j : 0}: never negative, and zero as often
 * as the training cells say a gene at that decoded level is. Setting values to zero moves a gene's
 * mean (it drops the negative values and the small positive ones); {@link Zeros#MATCHED} scales the
 * kept values back to the decoder's mean.
 *
 * <p>With residual decoding the training cells decode to themselves, so tau_j is half the smallest
 * non-zero value of gene j: a predicted value below that detection limit is a zero.
 *
 * <p>Only genes whose training values are never negative are read as expression: a gene with a
 * negative training value (scaled or centred data) is left as decoded, by {@link Zeros#CLIP} too.
 */
public final class ZeroThresholds {
  private final double[] tau;
  private final boolean[] expression;

  private ZeroThresholds(double[] tau, boolean[] expression) {
    this.tau = tau;
    this.expression = expression;
  }

  /**
   * @param decoded the training cells decoded to genes (n x p)
   * @param real the same cells' real expression (n x p)
   */
  public static ZeroThresholds fit(Matrix decoded, Matrix real) {
    if (decoded.rows != real.rows || decoded.cols != real.cols || real.rows < 1) {
      throw new IllegalArgumentException("zero thresholds: decoded " + decoded.rows + "x" + decoded.cols
          + " and real " + real.rows + "x" + real.cols + " training cells must have the same non-empty shape");
    }
    int n = real.rows;
    int p = real.cols;
    double[] tau = new double[p];
    boolean[] expression = new boolean[p];
    double[] v = new double[n];
    for (int j = 0; j < p; j++) {
      int zeros = 0;
      boolean nonNegative = true;
      for (int i = 0; i < n; i++) {
        v[i] = decoded.data[i * p + j];
        float x = real.data[i * p + j];
        if (x == 0) {
          zeros++;
        }
        nonNegative &= x >= 0;
      }
      expression[j] = nonNegative;
      if (zeros == 0) {
        tau[j] = Double.NEGATIVE_INFINITY;
      } else if (zeros == n) {
        tau[j] = Double.POSITIVE_INFINITY;
      } else {
        Arrays.sort(v);
        tau[j] = 0.5 * (v[zeros - 1] + v[zeros]);
      }
    }
    return new ZeroThresholds(tau, expression);
  }

  /** The threshold of each gene. */
  public double[] tau() {
    return tau.clone();
  }

  /** Whether each gene's training values were never negative (only those genes are changed). */
  public boolean[] expression() {
    return expression.clone();
  }

  /** Applies the model of {@code zeros} to x (n x p) in place and returns it. */
  public Matrix apply(Matrix x, Zeros zeros) {
    if (x.cols != tau.length) {
      throw new IllegalArgumentException("zero thresholds: " + x.cols + " columns for " + tau.length + " genes");
    }
    if (zeros == Zeros.NONE) {
      return x;
    }
    int p = tau.length;
    double[] linear = zeros == Zeros.MATCHED ? PerturbationMetrics.means(x) : null;
    for (int i = 0; i < x.rows; i++) {
      for (int j = 0; j < p; j++) {
        if (!expression[j]) {
          continue;
        }
        float v = x.data[i * p + j];
        boolean keep = zeros == Zeros.CLIP ? v > 0 : v > 0 && v > tau[j];
        x.data[i * p + j] = keep ? v : 0f;
      }
    }
    if (linear != null) {
      matchMeans(x, linear);
    }
    return x;
  }

  /**
   * Scales each expression gene's values of x (n x p, already thresholded, in place) so that its
   * mean is {@code max(mean_j, 0)}; a gene with no value left stays zero.
   */
  private void matchMeans(Matrix x, double[] mean) {
    int p = tau.length;
    double[] kept = PerturbationMetrics.means(x);
    for (int j = 0; j < p; j++) {
      if (!expression[j] || kept[j] <= 0) {
        continue;
      }
      double scale = Math.max(mean[j], 0) / kept[j];
      for (int i = 0; i < x.rows; i++) {
        x.data[i * p + j] = (float) (x.data[i * p + j] * scale);
      }
    }
  }
}
