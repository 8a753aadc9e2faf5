package org.flowmatch4j.fm.growth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.nn.TimeEncoding;
import org.flowmatch4j.ot.SinkhornConfig;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class GrowthFieldTest {
  private static Mlp net(int in, int out, long seed) {
    return new Mlp(new MlpConfig(in, 0, out, 16, 2, Activation.TANH, TimeEncoding.RAW, 0, seed));
  }

  private static Matrix random(int n, int d, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Matrix m = new Matrix(n, d);
    for (int k = 0; k < m.data.length; k++) {
      m.data[k] = (float) rng.nextGaussian();
    }
    return m;
  }

  @Test
  void oneEulerStepMovesByTheVelocityAndGrowsTheLogWeightByTheRate() {
    Mlp v = net(3, 3, 1);
    Mlp g = net(3, 1, 2);
    Matrix x = random(5, 3, 3);
    double[] w = {0.1, 0.2, 0.3, 0.4, 0.5};
    double h = 0.25;
    Matrix end = SolverSpec.fixed(SolverKind.EULER, 1).create()
        .integrate(new GrowthField(v, g), GrowthField.state(x, w), 0.5, 0.5 + h).x();
    Matrix t = new Matrix(5, 1);
    java.util.Arrays.fill(t.data, 0.5f);
    Matrix vx = new Matrix(5, 3);
    Matrix gx = new Matrix(5, 1);
    v.forward(x, t, null, vx);
    g.forward(x, t, null, gx);
    Matrix pos = GrowthField.positions(end);
    double[] weights = GrowthField.weights(end);
    for (int i = 0; i < 5; i++) {
      for (int c = 0; c < 3; c++) {
        assertEquals(x.get(i, c) + h * vx.get(i, c), pos.get(i, c), 1e-6);
      }
      assertEquals(Math.log(w[i]) + h * gx.data[i], Math.log(weights[i]), 1e-5);
    }
  }

  @Test
  void unbalancedMinibatchTargetsAreStraightPathsWithExponentialMass() {
    Matrix from = random(40, 2, 4);
    Matrix to = random(60, 2, 5);
    UnbalancedMinibatchTargets targets = new UnbalancedMinibatchTargets(from, to, 1.5,
        SinkhornConfig.unbalanced(0.5, 0.9, 0.9), 0);
    int n = 32;
    float[] xt = new float[n * 2], ut = new float[n * 2], gt = new float[n], w = new float[n], t = new float[n];
    targets.draw(new SplittableRandom(6), n, xt, ut, gt, w, t, 0);
    for (int k = 0; k < n; k++) {
      assertTrue(t[k] >= 0 && t[k] < 1);
      assertEquals(Math.exp(t[k] * gt[k]), w[k], 1e-5 * w[k], "w = (m1 / m0)^t");
      // x_t - t u_t is the start x0, which must be a source cell
      double bx = xt[2 * k] - t[k] * ut[2 * k];
      double by = xt[2 * k + 1] - t[k] * ut[2 * k + 1];
      double best = Double.POSITIVE_INFINITY;
      for (int i = 0; i < from.rows; i++) {
        best = Math.min(best, Math.hypot(from.get(i, 0) - bx, from.get(i, 1) - by));
      }
      assertTrue(best < 1e-5, "x_t - t u_t is a source cell, off by " + best);
    }
  }
}
