package org.flowmatch4j.fm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class DensityTest {
  @Test
  void standardGaussianLogDensity() {
    Matrix x = new Matrix(2, 3, new float[] {0, 0, 0, 1, -2, 0.5f});
    double[] out = new double[2];
    new GaussianSource(3).logDensity(x, out);
    double c = -1.5 * Math.log(2 * Math.PI);
    assertEquals(c, out[0], 1e-12);
    assertEquals(c - 0.5 * (1 + 4 + 0.25), out[1], 1e-12);
  }

  @Test
  void mixtureOfOneComponentIsThatGaussian() {
    Matrix mean = new Matrix(1, 2, new float[] {1, -1});
    GaussianMixtureSource one = GaussianMixtureSource.uniform(mean, 0.5);
    Matrix x = new Matrix(1, 2, new float[] {2, 0});
    double[] out = new double[1];
    one.logDensity(x, out);
    // log N(x; m, 0.25 I) = -|x - m|^2 / 0.5 - log(2 pi 0.25)
    assertEquals(-2 / 0.5 - Math.log(2 * Math.PI * 0.25), out[0], 1e-12);
  }

  @Test
  void mixtureWeightsAndStdsEnter() {
    Matrix means = new Matrix(2, 1, new float[] {-1, 3});
    GaussianMixtureSource m = new GaussianMixtureSource(means, new double[] {1, 2}, new double[] {1, 3});
    Matrix x = new Matrix(1, 1, new float[] {0.5f});
    double[] out = new double[1];
    m.logDensity(x, out);
    double p = 0.25 * Math.exp(-0.5 * 1.5 * 1.5) / Math.sqrt(2 * Math.PI)
        + 0.75 * Math.exp(-0.5 * 2.5 * 2.5 / 4) / (2 * Math.sqrt(2 * Math.PI));
    assertEquals(Math.log(p), out[0], 1e-12);
    // far from every component the log-sum-exp stays finite
    m.logDensity(new Matrix(1, 1, new float[] {1e4f}), out);
    assertTrue(Double.isFinite(out[0]) && out[0] < -1e6, "log density far away " + out[0]);
  }

  @Test
  void badShapesAndDegenerateComponentsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GaussianSource(2).logDensity(new Matrix(3, 3), new double[3]));
    assertTrue(e.getMessage().contains("3x3"), e.getMessage());
    GaussianMixtureSource point = GaussianMixtureSource.uniform(new Matrix(1, 1), 0);
    IllegalStateException s = assertThrows(IllegalStateException.class,
        () -> point.logDensity(new Matrix(1, 1), new double[1]));
    assertTrue(s.getMessage().contains("std 0"), s.getMessage());
  }
}
