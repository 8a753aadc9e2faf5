package org.flowmatch4j.data.preprocess;

import org.flowmatch4j.data.Finite;

import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.tensor.Matrix;

/**
 * Scaling to unit variance as scanpy's {@code pp.scale}: per gene, mean μ and standard deviation σ
 * with ddof 1 (σ = 1 where it is 0), x ↦ (x − μ) / σ, then clipped to [−max, max] when a maximum is
 * given. Zero-centring makes the result dense.
 */
public final class Scale {
  private Scale() {}

  /** The scaled matrix and the per-gene statistics scanpy stores in {@code var['mean']}, {@code var['std']}. */
  public record Result(Matrix scaled, double[] mean, double[] std) {}

  /** Scales X; {@code maxValue} NaN means no clipping. */
  public static Result scale(DataMatrix x, boolean zeroCenter, double maxValue) {
    Finite.require(x, "X");
    if (!Double.isNaN(maxValue) && !(maxValue > 0)) {
      throw new InvalidSettingException("{max-value} must be positive, got " + maxValue);
    }
    if (x.rows() < 2) {
      throw new IllegalArgumentException("scaling needs at least 2 cells, got " + x.rows());
    }
    double[] mu = Pca.columnMeans(x);
    double[] var = Pca.columnVariances(x, mu);
    double[] sd = new double[var.length];
    for (int j = 0; j < sd.length; j++) {
      sd[j] = var[j] == 0 ? 1 : Math.sqrt(var[j]);
    }
    return new Result(apply(x, mu, sd, zeroCenter, maxValue), mu, sd);
  }

  /**
   * (x_ij − μ_j) / σ_j (x_ij / σ_j without centring) as float32, clipped to [−max, max] (only
   * above without centring) when {@code maxValue} is not NaN. The statistics are given, so that
   * blocks of cells scaled one by one give the rows of the whole matrix scaled at once.
   */
  public static Matrix apply(DataMatrix x, double[] mu, double[] sd, boolean zeroCenter, double maxValue) {
    Matrix m = x.toDense();
    Matrix out = new Matrix(m.rows, m.cols);
    int p = m.cols;
    for (int i = 0; i < m.rows; i++) {
      for (int j = 0; j < p; j++) {
        double v = (m.data[i * p + j] - (zeroCenter ? mu[j] : 0)) / sd[j];
        if (!Double.isNaN(maxValue)) {
          if (v > maxValue) {
            v = maxValue;
          } else if (zeroCenter && v < -maxValue) {
            v = -maxValue;
          }
        }
        out.data[i * p + j] = (float) v;
      }
    }
    return out;
  }

  /** The scaled matrix as a dense float32 {@link DataMatrix}. */
  public static DataMatrix dense(Result r) {
    return new DenseMatrix(r.scaled(), Dtype.FLOAT32);
  }
}
