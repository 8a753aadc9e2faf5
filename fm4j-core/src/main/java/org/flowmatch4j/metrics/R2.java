package org.flowmatch4j.metrics;

import org.flowmatch4j.tensor.Matrix;

/**
 * R^2 of mean expression between predicted and real cells, in the two forms the field reports.
 * Both compare the per-gene (per-column) means of the two cell sets.
 *
 * <ul>
 *   <li>{@link #scgen(double[], double[])}: scGen's {@code scipy.stats.linregress(mean_pred,
 *       mean_real).rvalue ** 2}, the squared Pearson correlation of the two mean vectors
 *       (symmetric; invariant to an affine rescaling of either side).
 *   <li>{@link #sklearn(double[], double[])}: scikit-learn's {@code r2_score(mean_real,
 *       mean_pred)} = 1 - sum (r - p)^2 / sum (r - mean(r))^2, as CellFlow's {@code
 *       compute_r_squared} reports it (not symmetric; can be negative). When the real means are
 *       all equal it returns 1 for a perfect prediction and 0 otherwise (scikit-learn's {@code
 *       force_finite}).
 * </ul>
 */
public final class R2 {
  private R2() {}

  /** scGen's R^2 of the column means of {@code predicted} and {@code real}. */
  public static double scgen(Matrix predicted, Matrix real) {
    Stats.sameColumns(predicted, real);
    return scgen(Stats.columnMeans(predicted, "predicted"), Stats.columnMeans(real, "real"));
  }

  /** linregress(meanPred, meanReal).rvalue^2: the squared Pearson correlation. */
  public static double scgen(double[] meanPred, double[] meanReal) {
    double r = Pearson.of(meanPred, meanReal);
    return r * r;
  }

  /** scikit-learn's r2_score of the column means, real first: r2_score(mean_real, mean_pred). */
  public static double sklearn(Matrix real, Matrix predicted) {
    Stats.sameColumns(real, predicted);
    return sklearn(Stats.columnMeans(real, "real"), Stats.columnMeans(predicted, "predicted"));
  }

  /** r2_score(yTrue, yPred) = 1 - SS_res / SS_tot. */
  public static double sklearn(double[] yTrue, double[] yPred) {
    Stats.sameLength(yTrue, yPred);
    if (yTrue.length < 2) {
      throw new IllegalArgumentException(
          "R^2 needs at least two values, got " + yTrue.length);
    }
    double mean = 0;
    for (double v : yTrue) {
      mean += v;
    }
    mean /= yTrue.length;
    double ssRes = 0;
    double ssTot = 0;
    for (int k = 0; k < yTrue.length; k++) {
      double e = yTrue[k] - yPred[k];
      double t = yTrue[k] - mean;
      ssRes += e * e;
      ssTot += t * t;
    }
    if (ssTot == 0) {
      return ssRes == 0 ? 1.0 : 0.0;
    }
    return 1 - ssRes / ssTot;
  }
}
