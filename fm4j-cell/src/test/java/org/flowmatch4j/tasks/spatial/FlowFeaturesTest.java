package org.flowmatch4j.tasks.spatial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class FlowFeaturesTest {
  @Test
  void principalComponentScoresHaveUnitMeanVariance() {
    // columns u, u and 0.01 v: the first component is (1, 1, 0) / sqrt 2, its score sqrt 2 (u - mean u),
    // of variance 2 var(u); divided by its square root it is the z-score of u (ddof 1)
    float[] u = {1, 4, 2, 8, 5, 7};
    float[] v = {1, -1, 1, -1, 1, -1};
    Matrix z = new Matrix(6, 3);
    for (int i = 0; i < 6; i++) {
      z.data[3 * i] = u[i];
      z.data[3 * i + 1] = u[i];
      z.data[3 * i + 2] = 0.01f * v[i];
    }
    Matrix q = new Matrix(1, 3, new float[] {10, 10, 0});
    FlowFeatures f = FlowFeatures.of(z, q, 1, null);
    double mean = 4.5;
    double sd = Math.sqrt((3.5 * 3.5 + 0.5 * 0.5 + 2.5 * 2.5 + 3.5 * 3.5 + 0.5 * 0.5 + 2.5 * 2.5) / 5);
    double sign = Math.signum(f.train().data[0] * (u[0] - mean));
    for (int i = 0; i < 6; i++) {
      assertEquals((u[i] - mean) / sd, sign * f.train().data[i], 1e-5);
    }
    assertEquals((10 - mean) / sd, sign * f.test().data[0], 1e-5);
  }

  @Test
  void stackedRidgePredictionsAreOutOfFoldForTrainingSpots() {
    Matrix xa = new Matrix(3, 1, new float[] {0, 1, 2});
    Matrix ya = new Matrix(3, 1, new float[] {1, 2, 6});
    Matrix xb = new Matrix(4, 1, new float[] {1, 3, 5, 7});
    Matrix yb = new Matrix(4, 1, new float[] {2, 1, 4, 5});
    Matrix xTest = new Matrix(1, 1, new float[] {4});
    double alpha = 2;
    FlowFeatures.Stack s = FlowFeatures.Stack.of(List.of(xa, xb), List.of(ya, yb), xTest, Ridge::fitPredict, alpha);
    // section a predicted by the ridge of section b alone: x mean 4, sd sqrt 5, y mean 3
    double betaB = ((1 - 4) * (2 - 3) + (3 - 4) * (1 - 3) + (5 - 4) * (4 - 3) + (7 - 4) * (5 - 3)) / Math.sqrt(5) / (4 + alpha);
    for (int i = 0; i < 3; i++) {
      assertEquals(3 + betaB * (xa.data[i] - 4) / Math.sqrt(5), s.train().data[i], 1e-5);
    }
    // section b by the ridge of section a: x mean 1, sd sqrt(2/3), y mean 3
    double sdA = Math.sqrt(2.0 / 3);
    double betaA = ((0 - 1) * (1 - 3) + (2 - 1) * (6 - 3)) / sdA / (3 + alpha);
    for (int i = 0; i < 4; i++) {
      assertEquals(3 + betaA * (xb.data[i] - 1) / sdA, s.train().data[3 + i], 1e-5);
    }
    // the held-out spot by the ridge of both: x mean 19 / 7, y mean 3
    double mx = 19.0 / 7;
    double sxx = 0;
    double sxy = 0;
    float[] x = {0, 1, 2, 1, 3, 5, 7};
    float[] y = {1, 2, 6, 2, 1, 4, 5};
    for (int i = 0; i < 7; i++) {
      sxx += (x[i] - mx) * (x[i] - mx);
      sxy += (x[i] - mx) * (y[i] - 3);
    }
    double sd = Math.sqrt(sxx / 7);
    double beta = sxy / sd / (7 + alpha);
    assertEquals(3 + beta * (4 - mx) / sd, s.test().data[0], 1e-5);
    // appended after the features
    FlowFeatures f = FlowFeatures.of(new Matrix(7, 2), new Matrix(1, 2), 0, s);
    assertEquals(3, f.train().cols);
    assertEquals(s.test().data[0], f.test().data[2]);
  }
}
