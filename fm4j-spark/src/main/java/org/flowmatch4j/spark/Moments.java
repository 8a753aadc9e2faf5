package org.flowmatch4j.spark;

import java.io.Serializable;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.data.preprocess.Pca;
import org.flowmatch4j.tensor.Matrix;

/**
 * Per-gene moments of a set of cells that add over any split into blocks: the count n, the sums
 * Σ_i x_ij and Σ_i x_ij², and (when asked for) the Gram matrix Xᵀ X (p x p). Blocks are added on
 * the executors and merged by tree aggregation.
 */
final class Moments implements Serializable {
  private static final long serialVersionUID = 1L;

  long n;
  final double[] sum;
  final double[] sumSq;
  final double[] gram;

  Moments(int p, boolean withGram) {
    sum = new double[p];
    sumSq = new double[p];
    gram = withGram ? new double[p * p] : null;
  }

  /** Adds a block of cells (n_b x p). */
  Moments add(DataMatrix x) {
    n += x.rows();
    if (x instanceof DenseMatrix d) {
      Matrix m = d.values();
      int p = m.cols;
      for (int i = 0; i < m.rows; i++) {
        for (int j = 0; j < p; j++) {
          double v = m.data[i * p + j];
          sum[j] += v;
          sumSq[j] += v * v;
        }
      }
    } else {
      SparseMatrix s = ((SparseMatrix) x).toCsr();
      for (int k = 0; k < s.data.length; k++) {
        double v = s.data[k];
        sum[s.indices[k]] += v;
        sumSq[s.indices[k]] += v * v;
      }
    }
    if (gram != null) {
      double[] g = Pca.gram(x);
      for (int k = 0; k < g.length; k++) {
        gram[k] += g[k];
      }
    }
    return this;
  }

  /** Adds another set's moments to this one. */
  Moments merge(Moments o) {
    n += o.n;
    for (int j = 0; j < sum.length; j++) {
      sum[j] += o.sum[j];
      sumSq[j] += o.sumSq[j];
    }
    if (gram != null) {
      for (int k = 0; k < gram.length; k++) {
        gram[k] += o.gram[k];
      }
    }
    return this;
  }

  /** Per-gene means Σ x / n. */
  double[] mean() {
    double[] m = new double[sum.length];
    for (int j = 0; j < m.length; j++) {
      m[j] = sum[j] / n;
    }
    return m;
  }

  /** Per-gene variances with ddof 1, (Σ x² − n μ²) / (n − 1), not below 0. */
  double[] variance() {
    double[] v = new double[sum.length];
    for (int j = 0; j < v.length; j++) {
      double mu = sum[j] / n;
      v[j] = Math.max(sumSq[j] - n * mu * mu, 0) / (n - 1);
    }
    return v;
  }
}
