package org.flowmatch4j.data.preprocess;

import org.flowmatch4j.data.Finite;

import org.flowmatch4j.tensor.Matrix;

/**
 * Whitening of an embedding, as scikit-learn's {@code StandardScaler}: z = (x − μ) / σ per column
 * with σ the population standard deviation (ddof 0; σ = 1 where it is 0), and the inverse
 * x = z σ + μ. Statistics are computed in double.
 */
public final class StandardScaler {
  private final double[] mean;
  private final double[] scale;

  private StandardScaler(double[] mean, double[] scale) {
    this.mean = mean;
    this.scale = scale;
  }

  /** Fits μ and σ on the rows of {@code x} (which must be finite and non-empty). */
  public static StandardScaler fit(Matrix x) {
    Finite.require(x, "embedding");
    int n = x.rows;
    int d = x.cols;
    double[] mu = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        mu[j] += x.data[i * d + j];
      }
    }
    for (int j = 0; j < d; j++) {
      mu[j] /= n;
    }
    double[] sd = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double r = x.data[i * d + j] - mu[j];
        sd[j] += r * r;
      }
    }
    for (int j = 0; j < d; j++) {
      sd[j] = Math.sqrt(sd[j] / n);
      if (sd[j] == 0) {
        sd[j] = 1;
      }
    }
    return new StandardScaler(mu, sd);
  }

  /** μ per column. */
  public double[] mean() {
    return mean.clone();
  }

  /** σ per column (1 where the column is constant). */
  public double[] scale() {
    return scale.clone();
  }

  /** (x − μ) / σ as a new matrix. */
  public Matrix transform(Matrix x) {
    check(x);
    Matrix out = new Matrix(x.rows, x.cols);
    int d = x.cols;
    for (int i = 0; i < x.data.length; i++) {
      int j = i % d;
      out.data[i] = (float) ((x.data[i] - mean[j]) / scale[j]);
    }
    return out;
  }

  /** z σ + μ as a new matrix. */
  public Matrix inverseTransform(Matrix z) {
    check(z);
    Matrix out = new Matrix(z.rows, z.cols);
    int d = z.cols;
    for (int i = 0; i < z.data.length; i++) {
      int j = i % d;
      out.data[i] = (float) (z.data[i] * scale[j] + mean[j]);
    }
    return out;
  }

  private void check(Matrix x) {
    if (x.cols != mean.length) {
      throw new IllegalArgumentException("scaler was fitted on " + mean.length + " columns, got " + x.cols);
    }
  }
}
