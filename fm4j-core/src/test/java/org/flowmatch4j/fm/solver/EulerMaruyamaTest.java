package org.flowmatch4j.fm.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.flowmatch4j.fm.VectorField;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class EulerMaruyamaTest {
  @Test
  void withoutNoiseItIsEuler() {
    VectorField v = (x, t, out) -> {
      for (int k = 0; k < x.data.length; k++) {
        out.data[k] = (float) (x.data[k] * t + 1);
      }
    };
    Matrix x0 = new Matrix(2, 2, new float[] {1, 2, 3, 4});
    OdeSolution em = new EulerMaruyama(17).integrate(v, t -> 0, x0, 0, 1, new SplittableRandom(1), null);
    OdeSolution euler = new FixedStepSolver(FixedStepMethod.EULER, 17).integrate(v, x0, 0, 1);
    assertArrayEquals(euler.x().data, em.x().data);
  }

  @Test
  void brownianMotionHasTheRightVariance() {
    int n = 20_000;
    double g = 0.8;
    VectorField zero = (x, t, out) -> java.util.Arrays.fill(out.data, 0f);
    OdeSolution sol = new EulerMaruyama(20).integrate(zero, t -> g, new Matrix(n, 1), 0, 1, new SplittableRandom(2), null);
    double mean = 0, sq = 0;
    for (float v : sol.x().data) {
      mean += v;
      sq += v * v;
    }
    mean /= n;
    double var = sq / n - mean * mean;
    // standard error of the variance estimate: g^2 sqrt(2/n) = 0.0064
    assertEquals(g * g, var, 0.03);
    assertEquals(0, mean, 0.03);
  }

  @Test
  void ornsteinUhlenbeckWithScoreCorrectionKeepsItsStationaryLaw() {
    // p = N(0, 1) has score -x; the zero velocity field with drift (g^2/2) score keeps p invariant.
    int n = 20_000;
    SplittableRandom rng = new SplittableRandom(3);
    Matrix x0 = new Matrix(n, 1);
    for (int k = 0; k < n; k++) {
      x0.data[k] = (float) rng.nextGaussian();
    }
    VectorField zero = (x, t, out) -> java.util.Arrays.fill(out.data, 0f);
    VectorField score = (x, t, out) -> {
      for (int k = 0; k < x.data.length; k++) {
        out.data[k] = -x.data[k];
      }
    };
    VectorField drift = EulerMaruyama.scoreCorrectedDrift(zero, score, t -> 1.0);
    OdeSolution sol = new EulerMaruyama(200).integrate(drift, t -> 1.0, x0, 0, 1, rng, null);
    double sq = 0;
    for (float v : sol.x().data) {
      sq += v * v;
    }
    assertEquals(1.0, sq / n, 0.05);
  }
}
