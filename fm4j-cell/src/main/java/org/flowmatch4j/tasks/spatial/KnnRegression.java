package org.flowmatch4j.tasks.spatial;

import org.flowmatch4j.tensor.Matrix;

/**
 * k-nearest-neighbour regression: a query's prediction is the mean target of the k training rows
 * nearest it in z-scored feature space (z-scores of the training rows).
 */
final class KnnRegression {
  private KnnRegression() {}

  static Matrix predict(Matrix xTrain, Matrix yTrain, Matrix xQuery, int k) {
    Standardizer st = Standardizer.fit(xTrain);
    Matrix zt = st.apply(xTrain);
    Matrix zq = st.apply(xQuery);
    int g = yTrain.cols;
    Matrix out = new Matrix(xQuery.rows, g);
    for (int i = 0; i < zq.rows; i++) {
      int[] nb = Neighbours.nearest(zt, zq, i, k, false);
      for (int j : nb) {
        for (int c = 0; c < g; c++) {
          out.data[i * g + c] += yTrain.data[j * g + c] / nb.length;
        }
      }
    }
    return out;
  }
}
