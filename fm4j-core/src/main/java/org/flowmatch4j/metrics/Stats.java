package org.flowmatch4j.metrics;

import org.flowmatch4j.tensor.Matrix;

/** Shared checks and column statistics for the metrics (double precision). */
final class Stats {
  private Stats() {}

  static void sameColumns(Matrix x, Matrix y) {
    if (x.cols != y.cols) {
      throw new IllegalArgumentException(
          "the two cell sets have different numbers of features: " + x.rows + "x" + x.cols
              + " and " + y.rows + "x" + y.cols);
    }
  }

  static void sameLength(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "vectors of different lengths: " + x.length + " and " + y.length);
    }
  }

  static void nonEmpty(Matrix x, String what) {
    if (x.rows == 0) {
      throw new IllegalArgumentException(what + " has no rows");
    }
  }

  /** The matrix as doubles, rejecting non-finite entries. */
  static double[] toDouble(Matrix x, String what) {
    double[] out = new double[x.data.length];
    for (int k = 0; k < out.length; k++) {
      float v = x.data[k];
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException(
            what + ": entry (" + k / x.cols + ", " + k % x.cols + ") is " + v
                + "; values must be finite");
      }
      out[k] = v;
    }
    return out;
  }

  /** Column means in double, rejecting non-finite entries and empty matrices. */
  static double[] columnMeans(Matrix x, String what) {
    nonEmpty(x, what);
    double[] mean = new double[x.cols];
    for (int i = 0; i < x.rows; i++) {
      int row = i * x.cols;
      for (int k = 0; k < x.cols; k++) {
        float v = x.data[row + k];
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException(
              what + ": entry (" + i + ", " + k + ") is " + v + "; values must be finite");
        }
        mean[k] += v;
      }
    }
    for (int k = 0; k < x.cols; k++) {
      mean[k] /= x.rows;
    }
    return mean;
  }
}
