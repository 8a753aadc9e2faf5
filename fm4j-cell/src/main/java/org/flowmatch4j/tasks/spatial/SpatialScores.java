package org.flowmatch4j.tasks.spatial;

import org.flowmatch4j.metrics.Pearson;
import org.flowmatch4j.tensor.Matrix;

/**
 * One method's predictions of a held-out section in one space, scored against the measured values.
 *
 * @param predicted spots x G
 * @param pearson per gene, the correlation across spots (NaN where a side is constant)
 * @param meanPearson the mean over genes of the finite correlations (NaN if none is)
 * @param mse {@code mean_{i,g} (predicted - measured)^2}
 */
public record SpatialScores(Matrix predicted, double[] pearson, double meanPearson, double mse) {

  static SpatialScores of(Matrix predicted, Matrix measured) {
    double[] r = Pearson.perFeature(predicted, measured);
    double sum = 0;
    int k = 0;
    for (double v : r) {
      if (Double.isFinite(v)) {
        sum += v;
        k++;
      }
    }
    double se = 0;
    for (int q = 0; q < predicted.data.length; q++) {
      double d = predicted.data[q] - measured.data[q];
      se += d * d;
    }
    return new SpatialScores(predicted, r, k == 0 ? Double.NaN : sum / k, se / predicted.data.length);
  }
}
