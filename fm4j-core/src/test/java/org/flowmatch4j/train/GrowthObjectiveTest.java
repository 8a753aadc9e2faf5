package org.flowmatch4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.flowmatch4j.fm.growth.IntervalTargets;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.TimeEncoding;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class GrowthObjectiveTest {
  /** Rows (x_t, u_t, g_t, w, t) fixed in advance; the third row is left out (w = 0). */
  private static final class Fixed implements IntervalTargets {
    final float[][] x = {{0.1f, 0.2f}, {-0.3f, 0.5f}, {1f, 1f}};
    final float[][] u = {{1f, -1f}, {0.5f, 0.25f}, {9f, 9f}};
    final float[] g = {0.4f, -0.2f, 7f};
    final float[] w = {1.5f, 0.5f, 0f};
    final float[] t = {0.25f, 0.75f, 0.5f};

    @Override
    public void draw(SplittableRandom rng, int n, float[] xt, float[] ut, float[] gt, float[] wt, float[] tt, int off) {
      for (int k = 0; k < n; k++) {
        int r = off + k;
        System.arraycopy(x[k], 0, xt, 2 * r, 2);
        System.arraycopy(u[k], 0, ut, 2 * r, 2);
        gt[r] = g[k];
        wt[r] = w[k];
        tt[r] = t[k];
      }
    }

    @Override
    public String describe() {
      return "fixed";
    }
  }

  @Test
  void lossIsTheMassWeightedMeanOverTheKeptRowsInModelTime() {
    Mlp v = new Mlp(new MlpConfig(2, 0, 2, 8, 2, Activation.TANH, TimeEncoding.RAW, 0, 1));
    Mlp g = new Mlp(new MlpConfig(2, 0, 1, 8, 2, Activation.TANH, TimeEncoding.RAW, 0, 2));
    Fixed f = new Fixed();
    double tauFrom = 1;
    double span = 2;
    GrowthObjective obj = new GrowthObjective("test", v, g, 3).interval(f, tauFrom, tauFrom + span);
    double loss = obj.loss(new Tape(), new SplittableRandom(1)).value().data[0];
    double vSum = 0;
    double gSum = 0;
    for (int k = 0; k < 2; k++) {
      Matrix x = new Matrix(1, 2, f.x[k].clone());
      Matrix tau = new Matrix(1, 1, new float[] {(float) (tauFrom + span * f.t[k])});
      Matrix vo = new Matrix(1, 2);
      Matrix go = new Matrix(1, 1);
      v.forward(x, tau, null, vo);
      g.forward(x, tau, null, go);
      for (int c = 0; c < 2; c++) {
        double e = vo.data[c] - f.u[k][c] / span;
        vSum += f.w[k] * e * e;
      }
      double e = go.data[0] - f.g[k] / span;
      gSum += f.w[k] * e * e;
    }
    assertEquals(vSum / (2 * 2) + gSum / 2, loss, 1e-5 * loss);
  }
}
