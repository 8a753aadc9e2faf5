package org.flowmatch4j.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Matrix;

/**
 * Central finite differences in double precision, and the comparison of a float gradient from the
 * tape against them.
 */
final class GradCheck {
  private GradCheck() {}

  /** A scalar function of several double arrays (the inputs, which it may read only). */
  interface Fn {
    double eval(double[][] inputs);
  }

  static double[] toDouble(Matrix m) {
    double[] d = new double[m.data.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = m.data[i];
    }
    return d;
  }

  static Matrix random(int r, int c, SplittableRandom rng, double scale) {
    Matrix m = new Matrix(r, c);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = (float) (scale * (2 * rng.nextDouble() - 1));
    }
    return m;
  }

  /** d f / d inputs[which], by central differences with step h. */
  static double[] numericGradient(Fn f, double[][] inputs, int which, double h) {
    double[] x = inputs[which];
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double saved = x[i];
      x[i] = saved + h;
      double up = f.eval(inputs);
      x[i] = saved - h;
      double down = f.eval(inputs);
      x[i] = saved;
      g[i] = (up - down) / (2 * h);
    }
    return g;
  }

  /**
   * Asserts {@code |actual - expected| <= tol * max(1, max |expected|)} elementwise: the float
   * gradient matches the double finite difference up to float rounding.
   */
  static void assertGradient(double[] expected, Matrix actual, double tol, String what) {
    double scale = 1;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    assertTrue(actual != null, what + ": no gradient");
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(actual.data[i] - expected[i]);
      assertTrue(err <= tol * scale,
          what + ": element " + i + " autodiff " + actual.data[i] + " vs finite difference "
              + expected[i] + " (scale " + scale + ")");
    }
  }

  /** Asserts two vectors agree to {@code tol} relative to the larger magnitude. */
  static void assertClose(double[] expected, float[] actual, double tol, String what) {
    double scale = 1;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      assertTrue(Math.abs(actual[i] - expected[i]) <= tol * scale,
          what + ": element " + i + " expected " + expected[i] + " got " + actual[i]);
    }
  }
}
