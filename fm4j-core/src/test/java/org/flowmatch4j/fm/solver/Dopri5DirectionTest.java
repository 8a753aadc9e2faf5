package org.flowmatch4j.fm.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.flowmatch4j.fm.VectorField;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class Dopri5DirectionTest {
  /** Dopri5 integrating backwards never evaluates the field outside [t1, t0]. */
  @Test
  void dopri5BackwardsStaysInsideTheInterval() {
    VectorField v = (x, t, out) -> {
      if (t > 1 || t < 0.2) {
        throw new AssertionError("evaluated at t = " + t);
      }
      for (int k = 0; k < x.data.length; k++) {
        out.data[k] = (float) (x.data[k] / (1.001 - t));
      }
    };
    Matrix x0 = new Matrix(1, 1, new float[] {1f});
    OdeSolution sol = new Dopri5(1e-6, 1e-6, 10_000).integrate(v, x0, 1, 0.2);
    // x(t) = x(1) 0.001 / (1.001 - t)
    assertEquals(0.001 / 0.801, sol.x().data[0], 0.001 / 0.801 * 1e-4);
  }

  /** Nor forwards on a short interval that ends where the field stops being defined. */
  @Test
  void dopri5ForwardsOnAShortIntervalStaysInsideIt() {
    VectorField v = (x, t, out) -> {
      if (t > 1 || t < 0.999) {
        throw new AssertionError("evaluated at t = " + t);
      }
      for (int k = 0; k < x.data.length; k++) {
        out.data[k] = 1f;
      }
    };
    Matrix x0 = new Matrix(1, 1, new float[] {10f});
    OdeSolution sol = new Dopri5(1e-6, 1e-6, 10_000).integrate(v, x0, 0.999, 1);
    assertEquals(10.001, sol.x().data[0], 1e-5);
  }
}
