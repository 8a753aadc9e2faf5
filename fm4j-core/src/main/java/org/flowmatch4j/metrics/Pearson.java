package org.flowmatch4j.metrics;

import org.flowmatch4j.tensor.Matrix;

/**
 * Pearson correlation r = sum (x - mean x)(y - mean y) / sqrt(sum (x - mean x)^2 sum (y - mean
 * y)^2), computed in double with centred sums (as {@code numpy.corrcoef} and {@code
 * scipy.stats.pearsonr}). A constant input has no correlation: the result is NaN, as numpy's.
 */
public final class Pearson {
  private Pearson() {}

  /** r between two vectors of equal length (at least 2). */
  public static double of(double[] x, double[] y) {
    Stats.sameLength(x, y);
    int n = x.length;
    if (n < 2) {
      throw new IllegalArgumentException("a correlation needs at least two values, got " + n);
    }
    double mx = 0;
    double my = 0;
    for (int k = 0; k < n; k++) {
      mx += x[k];
      my += y[k];
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int k = 0; k < n; k++) {
      double a = x[k] - mx;
      double b = y[k] - my;
      sxy += a * b;
      sxx += a * a;
      syy += b * b;
    }
    if (sxx == 0 || syy == 0) {
      return Double.NaN;
    }
    double r = sxy / Math.sqrt(sxx * syy);
    return Math.max(-1, Math.min(1, r));
  }

  /**
   * Per-feature correlation: for each column k, r between column k of {@code a} and column k of
   * {@code b} across the rows (paired samples, e.g. predicted and real values of the same cells).
   * Both matrices must have the same shape, with at least two rows.
   */
  public static double[] perFeature(Matrix a, Matrix b) {
    if (a.rows != b.rows || a.cols != b.cols) {
      throw new IllegalArgumentException(
          "per-feature correlation needs two matrices of the same shape, got " + a.rows + "x"
              + a.cols + " and " + b.rows + "x" + b.cols);
    }
    double[] out = new double[a.cols];
    double[] x = new double[a.rows];
    double[] y = new double[a.rows];
    for (int k = 0; k < a.cols; k++) {
      for (int i = 0; i < a.rows; i++) {
        x[i] = a.data[i * a.cols + k];
        y[i] = b.data[i * b.cols + k];
      }
      out[k] = of(x, y);
    }
    return out;
  }

  /** r between the column means of two cell sets (the quantity scGen squares). */
  public static double ofMeans(Matrix predicted, Matrix real) {
    Stats.sameColumns(predicted, real);
    return of(Stats.columnMeans(predicted, "predicted"), Stats.columnMeans(real, "real"));
  }
}
