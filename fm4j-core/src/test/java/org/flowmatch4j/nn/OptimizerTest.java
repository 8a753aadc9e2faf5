package org.flowmatch4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/**
 * Adam and AdamW against hand-computed steps and against PyTorch's golden values (written by
 * {@code src/test/python/gen_adam_golden.py}); gradient clipping, EMA and schedules.
 */
class OptimizerTest {

  /** Three Adam steps on one scalar, computed by hand from the formulas in double. */
  @Test
  void adamStepsEqualHandComputedValues() {
    for (boolean decoupled : new boolean[] {false, true}) {
      double lr = 0.1;
      double wd = 0.5;
      double b1 = 0.9;
      double b2 = 0.999;
      double eps = 1e-8;
      double[] g = {0.5, -1.0, 2.0};
      Parameter p = new Parameter("w", Matrix.of(new double[][] {{1.0}}));
      Adam adam = new Adam(List.of(p), new AdamConfig(lr, b1, b2, eps, wd, decoupled));
      double w = 1;
      double m = 0;
      double v = 0;
      for (int t = 1; t <= 3; t++) {
        p.grad().data[0] = (float) g[t - 1];
        adam.step();
        double gt = g[t - 1];
        if (decoupled) {
          w *= 1 - lr * wd;
        } else {
          gt += wd * w;
        }
        m = b1 * m + (1 - b1) * gt;
        v = b2 * v + (1 - b2) * gt * gt;
        double mHat = m / (1 - Math.pow(b1, t));
        double vHat = v / (1 - Math.pow(b2, t));
        w -= lr * mHat / (Math.sqrt(vHat) + eps);
        assertEquals(w, p.value().data[0], 2e-6, (decoupled ? "AdamW" : "Adam") + " step " + t);
        assertEquals(m, adam.firstMoment(0).data[0], 1e-6);
        assertEquals(v, adam.secondMoment(0).data[0], 1e-6);
      }
      // the first step of Adam moves every weight by about lr (m_hat / sqrt(v_hat) = sign(g))
      assertEquals(3, adam.steps());
    }
  }

  private static List<String[]> golden(String prefix) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        OptimizerTest.class.getResourceAsStream("adam_golden.txt"), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.trim().split(" ");
        if (f[0].equals(prefix)) {
          rows.add(f);
        }
      }
    }
    assertTrue(!rows.isEmpty(), "no golden rows for " + prefix);
    return rows;
  }

  private static float[] gradients(int step, int n) {
    float[] g = new float[n];
    for (int i = 0; i < n; i++) {
      g[i] = (float) (Math.sin(0.7 * i + 1.3 * step) + 0.1 * i);
    }
    return g;
  }

  @Test
  void adamAndAdamWMatchPyTorch() throws IOException {
    AdamConfig[] configs = {
      AdamConfig.adam(1e-2),
      new AdamConfig(1e-2, 0.9, 0.999, 1e-8, 0.1, false),
      AdamConfig.adamW(1e-2, 0.1),
      new AdamConfig(3e-2, 0.8, 0.95, 1e-6, 0, false)
    };
    String[] names = {"adam", "adam_l2", "adamw", "adam_betas"};
    for (Kernels k : new Kernels[] {Kernels.vector(), Kernels.scalar()}) {
      for (int c = 0; c < configs.length; c++) {
        Parameter w = new Parameter("w", Matrix.of(new double[][] {{0.5, -1, 2}, {0.25, 0, -3}}));
        Parameter b = new Parameter("b", Matrix.of(new double[][] {{0.1, -0.2, 0.3}}));
        Adam adam = new Adam(List.of(w, b), configs[c], k);
        List<String[]> rows = golden(names[c]);
        for (int s = 0; s < 5; s++) {
          float[] g = gradients(s, 9);
          System.arraycopy(g, 0, w.grad().data, 0, 6);
          System.arraycopy(g, 6, b.grad().data, 0, 3);
          adam.step();
          String[] row = rows.get(s);
          for (int i = 0; i < 9; i++) {
            float expected = Float.parseFloat(row[2 + i]);
            float actual = i < 6 ? w.value().data[i] : b.value().data[i - 6];
            assertEquals(expected, actual, 2e-6 * (1 + Math.abs(expected)),
                k.name() + " " + names[c] + " step " + (s + 1) + " element " + i);
          }
        }
      }
    }
  }

  @Test
  void clippingMatchesPyTorch() throws IOException {
    for (String[] row : golden("clip")) {
      double maxNorm = Double.parseDouble(row[1]);
      Parameter w = new Parameter("w", new Matrix(2, 3));
      Parameter b = new Parameter("b", new Matrix(1, 3));
      float[] g = gradients(3, 9);
      System.arraycopy(g, 0, w.grad().data, 0, 6);
      System.arraycopy(g, 6, b.grad().data, 0, 3);
      double norm = Gradients.clipByGlobalNorm(List.of(w, b), maxNorm);
      assertEquals(Double.parseDouble(row[2]), norm, 1e-6);
      for (int i = 0; i < 9; i++) {
        float actual = i < 6 ? w.grad().data[i] : b.grad().data[i - 6];
        assertEquals(Float.parseFloat(row[3 + i]), actual, 1e-6, "clip " + maxNorm + " " + i);
      }
    }
    assertThrows(IllegalArgumentException.class,
        () -> Gradients.clipByGlobalNorm(List.of(), 0));
  }

  @Test
  void schedules() throws IOException {
    String[] row = golden("cosine").get(0);
    LrSchedule cos = new LrSchedule.Cosine(1e-2, 1e-4, 10);
    for (int s = 0; s <= 10; s++) {
      assertEquals(Double.parseDouble(row[1 + s]), cos.lr(s), 1e-12, "cosine step " + s);
    }
    assertEquals(1e-4, cos.lr(11), 1e-15, "constant after the end");
    LrSchedule c = new LrSchedule.Constant(3e-4);
    assertEquals(3e-4, c.lr(12345));
    LrSchedule w = new LrSchedule.Warmup(4, cos);
    assertEquals(0.25e-2, w.lr(0), 1e-15);
    assertEquals(0.75e-2, w.lr(2), 1e-15);
    assertEquals(1e-2, w.lr(3), 1e-15);
    assertEquals(cos.lr(0), w.lr(4));
    assertEquals(cos.lr(5), w.lr(9));
    assertThrows(IllegalArgumentException.class, () -> new LrSchedule.Cosine(1e-3, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new LrSchedule.Warmup(0, c));
  }

  @Test
  void emaAveragesAndSwapsWeights() {
    Parameter p = new Parameter("w", Matrix.of(new double[][] {{1, 2}}));
    Ema ema = new Ema(List.of(p), 0.9);
    p.value().data[0] = 2;
    p.value().data[1] = 0;
    ema.update(1_000_000);
    assertEquals(0.9f * 1 + 0.1f * 2, ema.shadow(0).data[0], 1e-7);
    assertEquals(0.9f * 2, ema.shadow(0).data[1], 1e-7);
    float[] training = p.value().data.clone();
    float[] averaged = ema.shadow(0).data.clone();
    try (Ema.Applied a = ema.apply()) {
      assertArrayEquals(averaged, p.value().data);
      assertThrows(IllegalStateException.class, () -> ema.update(1_000_000));
    }
    assertArrayEquals(training, p.value().data);
    Parameter other = new Parameter("w", new Matrix(1, 2));
    ema.copyTo(List.of(other));
    assertArrayEquals(averaged, other.value().data);
  }

  @Test
  void emaDecayWarmsUpOverTheFirstSteps() {
    Parameter p = new Parameter("w", Matrix.of(new double[][] {{0}}));
    Ema ema = new Ema(List.of(p), 0.999);
    p.value().data[0] = 1;
    ema.update(0); // d = min(0.999, 1 / 10)
    assertEquals(0.9f, ema.shadow(0).data[0], 1e-6);
    ema.update(90); // d = 91 / 100
    assertEquals(0.91f * 0.9f + 0.09f, ema.shadow(0).data[0], 1e-6);
    assertThrows(IllegalArgumentException.class, () -> ema.update(-1));
  }

  @Test
  void invalidSettingsAreRejectedWithTheirValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new AdamConfig(1e-3, 1.0, 0.999, 1e-8, 0, false));
    assertTrue(e.getMessage().contains("beta1=1.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Ema(List.of(), 1.5));
  }
}
