package org.flowmatch4j.tasks.spatial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class RegressionTest {
  @Test
  void ridgeMatchesItsClosedFormOnOneFeature() {
    // z = (x - 2) / sqrt(2), sum z^2 = 5 * 1 = n; beta = sum z (y - ybar) / (n + alpha)
    Matrix x = new Matrix(5, 1, new float[] {0, 1, 2, 3, 4});
    Matrix y = new Matrix(5, 1, new float[] {1, 3, 2, 5, 4});
    double alpha = 2;
    Ridge r = Ridge.fit(x, y, alpha);
    double sd = Math.sqrt(2);
    double szy = 0;
    for (int i = 0; i < 5; i++) {
      szy += (x.data[i] - 2) / sd * (y.data[i] - 3);
    }
    double beta = szy / (5 + alpha);
    assertEquals(beta, r.beta()[0][0], 1e-6); // z-scores are float
    Matrix q = new Matrix(1, 1);
    q.data[0] = 6;
    assertEquals(3 + beta * 4 / sd, r.predict(q).data[0], 1e-5);
  }

  @Test
  void knnAveragesTheNearestTargets() {
    Matrix x = new Matrix(4, 1, new float[] {0, 1, 5, 6});
    Matrix y = new Matrix(4, 1, new float[] {10, 20, 30, 40});
    Matrix q = new Matrix(2, 1, new float[] {0.2f, 5.8f});
    Matrix p = KnnRegression.predict(x, y, q, 2);
    assertEquals(15, p.data[0], 1e-6);
    assertEquals(35, p.data[1], 1e-6);
  }
}
