package org.flowmatch4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The vector kernels against the scalar ones, and threaded against single-threaded. */
class KernelsTest {
  private static final Kernels V = Kernels.vector();
  private static final Kernels S = Kernels.scalar();
  private final int threadsBefore = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(threadsBefore);
  }

  static Matrix random(int r, int c, SplittableRandom rng) {
    Matrix m = new Matrix(r, c);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = (float) (2 * rng.nextDouble() - 1);
    }
    return m;
  }

  /** |x - y| <= tol * (1 + |y|) elementwise. */
  static void assertClose(float[] expected, float[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      assertTrue(Math.abs(e - a) <= tol * (1 + Math.abs(e)),
          what + ": element " + i + " expected " + e + " got " + a);
    }
  }

  /** A product in double precision: op(A) op(B). */
  static double[] reference(boolean ta, boolean tb, Matrix a, Matrix b, int m, int n, int k) {
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double x = ta ? a.data[p * m + i] : a.data[i * k + p];
          double y = tb ? b.data[j * k + p] : b.data[p * n + j];
          s += x * y;
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  private static final int[] SIZES = {1, 2, 5, 12, 13, 16, 17, 31, 32, 33, 47, 64, 100, 101};

  @Test
  void productsAgreeWithDoubleReferenceInAllLayouts() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int trial = 0; trial < 120; trial++) {
      int m = SIZES[rng.nextInt(SIZES.length)];
      int n = SIZES[rng.nextInt(SIZES.length)];
      int k = SIZES[rng.nextInt(SIZES.length)];
      if (trial % 10 == 0) {
        k = 600 + rng.nextInt(100); // more than one k block
      }
      boolean ta = rng.nextBoolean();
      boolean tb = !ta && rng.nextBoolean();
      Matrix a = ta ? random(k, m, rng) : random(m, k, rng);
      Matrix b = tb ? random(n, k, rng) : random(k, n, rng);
      double[] ref = reference(ta, tb, a, b, m, n, k);
      Matrix c0 = random(m, n, rng);
      for (Kernels kern : new Kernels[] {V, S}) {
        for (boolean acc : new boolean[] {false, true}) {
          Matrix c = c0.copy();
          if (ta) {
            kern.matmulTransA(a, b, c, acc);
          } else if (tb) {
            kern.matmulTransB(a, b, c, acc);
          } else {
            kern.matmul(a, b, c, acc);
          }
          float[] expected = new float[m * n];
          for (int i = 0; i < expected.length; i++) {
            expected[i] = (float) (ref[i] + (acc ? c0.data[i] : 0));
          }
          assertClose(expected, c.data, 2e-6 * Math.sqrt(k) + 1e-6,
              kern.name() + " " + m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb
                  + " acc=" + acc);
        }
      }
    }
  }

  @Test
  void linearAddsTheBiasAndMatchesScalar() {
    SplittableRandom rng = new SplittableRandom(2);
    for (int[] s : new int[][] {{1, 1, 1}, {256, 6, 64}, {37, 101, 5}, {13, 64, 100}, {5, 700, 33}}) {
      Matrix x = random(s[0], s[1], rng);
      Matrix w = random(s[2], s[1], rng);
      Matrix b = random(1, s[2], rng);
      Matrix yv = new Matrix(s[0], s[2]);
      Matrix ys = new Matrix(s[0], s[2]);
      V.linear(x, w, b, yv);
      S.linear(x, w, b, ys);
      assertClose(ys.data, yv.data, 1e-5 * Math.sqrt(s[1]), "linear " + java.util.Arrays.toString(s));
      Matrix noBias = new Matrix(s[0], s[2]);
      V.linear(x, w, null, noBias);
      Matrix xt = new Matrix(s[0], s[2]);
      V.matmulTransB(x, w, xt, false);
      assertArrayEquals(xt.data, noBias.data);
    }
  }

  /** Entries from {-1, -0, 0, 0.5, 1}: many exact zeros of both signs among the products. */
  static Matrix signedZeros(int r, int c, SplittableRandom rng) {
    float[] values = {-1f, -0f, 0f, 0.5f, 1f};
    Matrix m = new Matrix(r, c);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = values[rng.nextInt(values.length)];
    }
    return m;
  }

  /**
   * Every element of a vector product is {@code fma(a_k, b_k, ... fma(a_1, b_1, c0))} in order of
   * k, from c0 = C, the bias or +0, bit for bit (the sign of a zero included): odd and even depths,
   * several k blocks, packed and unpacked A, partial tiles, all three layouts.
   */
  @Test
  void productsAreTheFusedMultiplyAddChainInOrderOfK() {
    SplittableRandom rng = new SplittableRandom(4);
    int[][] shapes = {{13, 33, 7}, {25, 17, 1}, {40, 130, 101}, {12, 96, 1030}, {30, 20, 515}};
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      Matrix a = signedZeros(m, k, rng);
      Matrix b = signedZeros(k, n, rng);
      Matrix bias = signedZeros(1, n, rng);
      Matrix c0 = signedZeros(m, n, rng);
      Matrix at = new Matrix(k, m);
      Matrix bt = new Matrix(n, k);
      for (int i = 0; i < m; i++) {
        for (int p = 0; p < k; p++) {
          at.data[p * m + i] = a.data[i * k + p];
        }
      }
      for (int p = 0; p < k; p++) {
        for (int j = 0; j < n; j++) {
          bt.data[j * k + p] = b.data[p * n + j];
        }
      }
      Matrix set = new Matrix(m, n);
      Matrix acc = new Matrix(m, n);
      Matrix withBias = new Matrix(m, n);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          float fromZero = 0f;
          float fromC = c0.data[i * n + j];
          float fromBias = bias.data[j];
          for (int p = 0; p < k; p++) {
            float ap = a.data[i * k + p];
            float bp = b.data[p * n + j];
            fromZero = Math.fma(ap, bp, fromZero);
            fromC = Math.fma(ap, bp, fromC);
            fromBias = Math.fma(ap, bp, fromBias);
          }
          set.data[i * n + j] = fromZero;
          acc.data[i * n + j] = fromC;
          withBias.data[i * n + j] = fromBias;
        }
      }
      String what = java.util.Arrays.toString(s);
      for (int layout = 0; layout < 3; layout++) {
        Matrix cs = new Matrix(m, n);
        Matrix ca = new Matrix(m, n);
        System.arraycopy(c0.data, 0, ca.data, 0, c0.data.length);
        if (layout == 0) {
          V.matmul(a, b, cs, false);
          V.matmul(a, b, ca, true);
        } else if (layout == 1) {
          V.matmulTransA(at, b, cs, false);
          V.matmulTransA(at, b, ca, true);
        } else {
          V.matmulTransB(a, bt, cs, false);
          V.matmulTransB(a, bt, ca, true);
        }
        assertArrayEquals(set.data, cs.data, "set, layout " + layout + " " + what);
        assertArrayEquals(acc.data, ca.data, "accumulate, layout " + layout + " " + what);
      }
      Matrix w = new Matrix(n, k);
      System.arraycopy(bt.data, 0, w.data, 0, bt.data.length);
      Matrix y = new Matrix(m, n);
      V.linear(a, w, bias, y);
      assertArrayEquals(withBias.data, y.data, "bias " + what);
    }
  }

  @Test
  void threadedProductsEqualSingleThreadedBitForBit() {
    SplittableRandom rng = new SplittableRandom(3);
    int[][] shapes = {{300, 200, 257}, {1024, 100, 101}, {97, 512, 300}, {517, 33, 1024}};
    for (Kernels kern : new Kernels[] {V, S}) {
      for (int[] s : shapes) {
        int m = s[0];
        int n = s[1];
        int k = s[2];
        Matrix a = random(m, k, rng);
        Matrix at = random(k, m, rng);
        Matrix b = random(k, n, rng);
        Matrix bt = random(n, k, rng);
        Matrix[] one = new Matrix[3];
        for (int threads : new int[] {1, 2, 3, 4}) {
          Parallel.setThreads(threads);
          Matrix c1 = random(m, n, new SplittableRandom(9));
          Matrix c2 = new Matrix(m, n);
          Matrix c3 = new Matrix(m, n);
          kern.matmul(a, b, c1, true);
          kern.matmulTransA(at, b, c2, false);
          kern.matmulTransB(a, bt, c3, false);
          if (threads == 1) {
            one = new Matrix[] {c1, c2, c3};
          } else {
            String what = kern.name() + " " + java.util.Arrays.toString(s) + " threads " + threads;
            assertArrayEquals(one[0].data, c1.data, what);
            assertArrayEquals(one[1].data, c2.data, what);
            assertArrayEquals(one[2].data, c3.data, what);
          }
        }
      }
    }
  }

  @Test
  void threadedElementwiseMapsEqualSingleThreadedBitForBit() {
    SplittableRandom rng = new SplittableRandom(31);
    int len = 100_003;
    Matrix x = random(1, len + 5, rng);
    Matrix y = random(1, len + 5, rng);
    Matrix z = random(1, len + 5, rng);
    float[][] reference = null;
    for (int threads : new int[] {1, 2, 3}) {
      Parallel.setThreads(threads);
      float[][] out = new float[7][];
      out[0] = z.data.clone();
      V.scale(0.3f, x.data, 1, out[0], 2, len, true);
      out[1] = z.data.clone();
      V.axpby(0.3f, x.data, 0, -1.5f, y.data, 3, out[1], 1, len, false);
      out[2] = z.data.clone();
      V.mul3(x.data, 0, y.data, 1, z.data, 2, out[2], 3, len, true);
      out[3] = new float[len];
      out[4] = new float[len];
      V.activation(Activation.SILU, x.data, 2, out[3], 0, out[4], 0, len);
      out[5] = new float[len];
      out[6] = y.data.clone();
      float[] v = z.data.clone();
      V.adam(out[6], x.data, out[5] = new float[len + 5], v, len, 0.9f, 0.99f, 1e-3f, 0.5f,
          1e-8f, 0f, 1f);
      if (reference == null) {
        reference = out;
      } else {
        for (int i = 0; i < out.length; i++) {
          assertArrayEquals(reference[i], out[i], "map " + i + " with " + threads + " threads");
        }
      }
    }
  }

  @Test
  void productShapeMismatchNamesTheShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> V.matmul(new Matrix(2, 3), new Matrix(4, 5), new Matrix(2, 5), false));
    assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("4x5"), e.getMessage());
    Matrix a = new Matrix(3, 3);
    e = assertThrows(IllegalArgumentException.class, () -> S.matmul(a, a, a, false));
    assertTrue(e.getMessage().contains("alias"), e.getMessage());
  }

  @Test
  void emptyInnerDimensionGivesZerosOrBias() {
    Matrix x = new Matrix(3, 0);
    Matrix w = new Matrix(2, 0);
    Matrix b = Matrix.of(new double[][] {{1, 2}});
    Matrix y = random(3, 2, new SplittableRandom(4));
    V.linear(x, w, b, y);
    assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2}, y.data);
  }

  @Test
  void activationsMatchScalarAndDoubleFormulas() {
    SplittableRandom rng = new SplittableRandom(5);
    int len = 1000 + 7;
    float[] z = new float[len];
    for (int i = 0; i < len; i++) {
      z[i] = (float) (rng.nextDouble() * 24 - 12);
    }
    z[0] = 0f;
    z[1] = -1e-4f;
    z[2] = 30f;
    z[3] = -30f;
    for (Activation f : Activation.values()) {
      for (Kernels kern : new Kernels[] {V, S}) {
        float[] h = new float[len];
        float[] d1 = new float[len];
        float[] d1b = new float[len];
        float[] d2 = new float[len];
        kern.activation(f, z, 0, h, 0, d1, 0, len);
        kern.activationDerivatives(f, z, 0, d1b, 0, d2, 0, len);
        float[] eh = new float[len];
        float[] ed1 = new float[len];
        float[] ed2 = new float[len];
        for (int i = 0; i < len; i++) {
          eh[i] = (float) f.value(z[i]);
          ed1[i] = (float) f.derivative(z[i]);
          ed2[i] = (float) f.secondDerivative(z[i]);
        }
        assertClose(eh, h, 1e-6, kern.name() + " " + f + " value");
        assertClose(ed1, d1, 1e-6, kern.name() + " " + f + " derivative");
        assertArrayEquals(d1, d1b, kern.name() + " " + f + " derivative twice");
        assertClose(ed2, d2, 1e-6, kern.name() + " " + f + " second derivative");
        float[] inPlace = z.clone();
        kern.activation(f, inPlace, 0, inPlace, 0, null, 0, len);
        assertArrayEquals(h, inPlace, kern.name() + " " + f + " in place");
      }
    }
  }

  @Test
  void elementwiseMapsAndReductionsMatchScalar() {
    SplittableRandom rng = new SplittableRandom(6);
    for (int len : new int[] {0, 1, 15, 16, 17, 100, 5000, 9000}) {
      Matrix x = random(1, len + 3, rng);
      Matrix y = random(1, len + 3, rng);
      Matrix z = random(1, len + 3, rng);
      for (boolean acc : new boolean[] {false, true}) {
        float[][] outs = new float[2][];
        Kernels[] ks = {V, S};
        for (int t = 0; t < 2; t++) {
          float[] w = z.data.clone();
          ks[t].scale(0.7f, x.data, 1, w, 2, len, acc);
          ks[t].axpby(0.3f, x.data, 0, -1.5f, y.data, 3, w, 1, len, acc);
          ks[t].mul(x.data, 2, y.data, 1, w, 0, len, acc);
          ks[t].mul3(x.data, 0, y.data, 1, z.data, 2, w, 3, len, acc);
          outs[t] = w;
        }
        assertArrayEquals(outs[1], outs[0], "len " + len + " acc " + acc);
      }
      assertEquals(S.sum(x.data, 1, len), V.sum(x.data, 1, len), 1e-5 * (1 + len));
      assertEquals(S.dot(x.data, 0, y.data, 2, len), V.dot(x.data, 0, y.data, 2, len),
          1e-5 * (1 + len));
      assertEquals(S.sumSquaredDiff(x.data, 0, y.data, 2, len),
          V.sumSquaredDiff(x.data, 0, y.data, 2, len), 1e-5 * (1 + len));
    }
  }

  @Test
  void rowAndColumnOperationsMatchScalar() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int[] s : new int[][] {{1, 1}, {1, 40}, {40, 1}, {33, 17}, {7, 64}}) {
      Matrix a = random(s[0], s[1], rng);
      Matrix row = random(1, s[1], rng);
      Matrix col = random(s[0], 1, rng);
      Matrix[] r = new Matrix[2];
      Kernels[] ks = {V, S};
      for (int t = 0; t < 2; t++) {
        Matrix cs = row.copy();
        ks[t].columnSums(a, cs, true);
        Matrix rs = col.copy();
        ks[t].rowSums(a, rs, true);
        Matrix sr = a.copy();
        ks[t].scaleRows(a, col, sr, true);
        Matrix ar = a.copy();
        ks[t].addRowVector(ar, row);
        Matrix all = new Matrix(1, cs.size() + rs.size() + sr.size() + ar.size());
        int o = 0;
        for (Matrix part : new Matrix[] {cs, rs, sr, ar}) {
          System.arraycopy(part.data, 0, all.data, o, part.size());
          o += part.size();
        }
        r[t] = all;
      }
      assertClose(r[1].data, r[0].data, 1e-5, "row/column ops " + java.util.Arrays.toString(s));
    }
  }

  @Test
  void adamUpdateIsIdenticalInBothKernels() {
    SplittableRandom rng = new SplittableRandom(8);
    int len = 77;
    float[][] w = new float[2][];
    float[][] m = new float[2][];
    float[][] v = new float[2][];
    float[] g = random(1, len, rng).data;
    float[] w0 = random(1, len, rng).data;
    Kernels[] ks = {V, S};
    for (int t = 0; t < 2; t++) {
      w[t] = w0.clone();
      m[t] = new float[len];
      v[t] = new float[len];
      for (int step = 0; step < 3; step++) {
        ks[t].adam(w[t], g, m[t], v[t], len, 0.9f, 0.999f, 1e-3f, 0.1f, 1e-8f, 0.01f, 0.99f);
      }
    }
    assertArrayEquals(w[1], w[0]);
    assertArrayEquals(m[1], m[0]);
    assertArrayEquals(v[1], v[0]);
  }

  @Test
  void concatenationAndItsInverse() {
    SplittableRandom rng = new SplittableRandom(9);
    Matrix a = random(4, 3, rng);
    Matrix b = random(4, 1, rng);
    Matrix out = new Matrix(4, 4);
    V.concatColumns(new Matrix[] {a, b}, out);
    assertEquals(a.get(2, 1), out.get(2, 1));
    assertEquals(b.get(3, 0), out.get(3, 3));
    Matrix back = new Matrix(4, 1);
    V.copyFromColumns(out, 3, back, false);
    assertArrayEquals(b.data, back.data);
    assertThrows(IllegalArgumentException.class,
        () -> V.concatColumns(new Matrix[] {a}, out));
  }

  @Test
  void selectionHonoursTheProperty() {
    assertEquals("scalar", KernelsHolder.choose("scalar").name());
    assertEquals("vector", KernelsHolder.choose("VECTOR").name());
    assertEquals("vector", KernelsHolder.choose(null).name());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KernelsHolder.choose("gpu"));
    assertTrue(e.getMessage().contains("fm4j.kernels"), e.getMessage());
  }
}
