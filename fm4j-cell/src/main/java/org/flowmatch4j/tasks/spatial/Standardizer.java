package org.flowmatch4j.tasks.spatial;

import org.flowmatch4j.tensor.Matrix;

/**
 * Column z-scores {@code (x - mean) / sd} with the mean and sd of the training rows (sd 0 becomes 1).
 *
 * @param mean column means
 * @param sd column standard deviations
 */
record Standardizer(double[] mean, double[] sd) {

  static Standardizer fit(Matrix x) {
    int d = x.cols;
    double[] m = new double[d];
    double[] s = new double[d];
    for (int i = 0; i < x.rows; i++) {
      for (int c = 0; c < d; c++) {
        m[c] += x.data[i * d + c];
      }
    }
    for (int c = 0; c < d; c++) {
      m[c] /= x.rows;
    }
    for (int i = 0; i < x.rows; i++) {
      for (int c = 0; c < d; c++) {
        double v = x.data[i * d + c] - m[c];
        s[c] += v * v;
      }
    }
    for (int c = 0; c < d; c++) {
      s[c] = Math.sqrt(s[c] / x.rows);
      if (!(s[c] > 0)) {
        s[c] = 1;
      }
    }
    return new Standardizer(m, s);
  }

  Matrix apply(Matrix x) {
    int d = x.cols;
    Matrix out = new Matrix(x.rows, d);
    for (int i = 0; i < x.rows; i++) {
      for (int c = 0; c < d; c++) {
        out.data[i * d + c] = (float) ((x.data[i * d + c] - mean[c]) / sd[c]);
      }
    }
    return out;
  }
}
