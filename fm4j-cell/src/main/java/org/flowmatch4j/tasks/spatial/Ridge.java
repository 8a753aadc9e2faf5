package org.flowmatch4j.tasks.spatial;

import org.flowmatch4j.tensor.Cholesky;
import org.flowmatch4j.tensor.Matrix;

/**
 * Ridge regression of every target column on standardised features with an unpenalised intercept:
 * {@code beta = (Z^T Z + alpha I)^-1 Z^T (Y - mean(Y))}, Z the z-scored features, prediction
 * {@code mean(Y) + z beta}. Solved by Cholesky in double precision.
 *
 * @param scale the features' standardisation
 * @param beta features x targets
 * @param intercept per target
 */
record Ridge(Standardizer scale, double[][] beta, double[] intercept) {

  static Ridge fit(Matrix x, Matrix y, double alpha) {
    Standardizer st = Standardizer.fit(x);
    Matrix z = st.apply(x);
    int n = z.rows;
    int d = z.cols;
    int g = y.cols;
    double[] ym = new double[g];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < g; j++) {
        ym[j] += y.data[i * g + j] / (double) n;
      }
    }
    double[] a = new double[d * d];
    double[][] rhs = new double[g][d];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < d; p++) {
        double zp = z.data[i * d + p];
        for (int q = 0; q < d; q++) {
          a[p * d + q] += zp * z.data[i * d + q];
        }
        for (int j = 0; j < g; j++) {
          rhs[j][p] += zp * (y.data[i * g + j] - ym[j]);
        }
      }
    }
    for (int p = 0; p < d; p++) {
      a[p * d + p] += alpha;
    }
    double[] l = cholesky(a, d);
    double[][] beta = new double[d][g];
    for (int j = 0; j < g; j++) {
      double[] b = rhs[j];
      Cholesky.solve(l, d, b);
      for (int p = 0; p < d; p++) {
        beta[p][j] = b[p];
      }
    }
    return new Ridge(st, beta, ym);
  }

  /** The prediction for {@code xQuery} of the ridge fitted to {@code x, y} with penalty alpha. */
  static Matrix fitPredict(Matrix x, Matrix y, Matrix xQuery, double alpha) {
    return fit(x, y, alpha).predict(xQuery);
  }

  Matrix predict(Matrix x) {
    Matrix z = scale.apply(x);
    int d = z.cols;
    int g = intercept.length;
    Matrix out = new Matrix(z.rows, g);
    for (int i = 0; i < z.rows; i++) {
      for (int j = 0; j < g; j++) {
        double s = intercept[j];
        for (int p = 0; p < d; p++) {
          s += z.data[i * d + p] * beta[p][j];
        }
        out.data[i * g + j] = (float) s;
      }
    }
    return out;
  }

  /** Lower factor L of a symmetric positive definite k x k matrix, row-major. */
  private static double[] cholesky(double[] a, int k) {
    double[] l = new double[k * k];
    if (Cholesky.factor(a, k, 0, l) >= 0) {
      throw new IllegalArgumentException("ridge: the feature Gram matrix is not positive definite (alpha too small?)");
    }
    return l;
  }
}
