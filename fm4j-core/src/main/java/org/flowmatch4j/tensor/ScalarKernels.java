package org.flowmatch4j.tensor;

import java.util.function.IntConsumer;

/**
 * Plain-loop kernels, used where the Vector API is absent and as the reference the vector kernels
 * are tested against. Products are split across threads by rows like the vector ones.
 */
final class ScalarKernels implements Kernels {
  static final ScalarKernels INSTANCE = new ScalarKernels();

  private static final ThreadLocal<Product> PRODUCT = ThreadLocal.withInitial(Product::new);

  private ScalarKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void matmul(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    product(false, false, a, b, c, accumulate, null);
  }

  @Override
  public void matmulTransA(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    product(true, false, a, b, c, accumulate, null);
  }

  @Override
  public void matmulTransB(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    product(false, true, a, b, c, accumulate, null);
  }

  @Override
  public void linear(Matrix x, Matrix w, Matrix bias, Matrix y) {
    Checks.bias(bias, w.rows);
    product(false, true, x, w, y, false, bias);
  }

  private static void product(
      boolean ta, boolean tb, Matrix a, Matrix b, Matrix c, boolean acc, Matrix bias) {
    int k = Checks.product(ta, tb, a, b, c);
    Product task = PRODUCT.get();
    task.set(ta, tb, a, b, c, acc, bias, k);
    int parts = Checks.rowParts(c.rows, c.cols, k, 1);
    task.parts = parts;
    if (parts == 1) {
      task.rows(0, c.rows);
    } else {
      Parallel.run(parts, task);
    }
    task.clear();
  }

  /** One product, split by rows of C. Reused per calling thread to avoid allocation. */
  private static final class Product implements IntConsumer {
    boolean ta;
    boolean tb;
    float[] a;
    float[] b;
    float[] c;
    float[] bias;
    boolean acc;
    int m;
    int n;
    int k;
    int parts;

    void set(boolean ta, boolean tb, Matrix a, Matrix b, Matrix c, boolean acc, Matrix bias,
        int k) {
      this.ta = ta;
      this.tb = tb;
      this.a = a.data;
      this.b = b.data;
      this.c = c.data;
      this.acc = acc;
      this.bias = bias == null ? null : bias.data;
      this.m = c.rows;
      this.n = c.cols;
      this.k = k;
    }

    void clear() {
      a = b = c = bias = null;
    }

    @Override
    public void accept(int p) {
      rows(Checks.partStart(m, parts, p, 1), Checks.partStart(m, parts, p + 1, 1));
    }

    void rows(int i0, int i1) {
      for (int i = i0; i < i1; i++) {
        int ci = i * n;
        if (!acc) {
          for (int j = 0; j < n; j++) {
            c[ci + j] = bias == null ? 0f : bias[j];
          }
        }
        if (!tb) {
          for (int p = 0; p < k; p++) {
            float aip = ta ? a[p * m + i] : a[i * k + p];
            int bp = p * n;
            for (int j = 0; j < n; j++) {
              c[ci + j] += aip * b[bp + j];
            }
          }
        } else {
          for (int j = 0; j < n; j++) {
            float s = 0f;
            int bj = j * k;
            if (ta) {
              for (int p = 0; p < k; p++) {
                s += a[p * m + i] * b[bj + p];
              }
            } else {
              int ai = i * k;
              for (int p = 0; p < k; p++) {
                s += a[ai + p] * b[bj + p];
              }
            }
            c[ci + j] += s;
          }
        }
      }
    }
  }

  @Override
  public void columnSums(Matrix a, Matrix out, boolean accumulate) {
    Checks.shape(out, 1, a.cols, "column sums of", a);
    float[] o = out.data;
    if (!accumulate) {
      java.util.Arrays.fill(o, 0f);
    }
    for (int i = 0; i < a.rows; i++) {
      int ai = i * a.cols;
      for (int j = 0; j < a.cols; j++) {
        o[j] += a.data[ai + j];
      }
    }
  }

  @Override
  public void rowSums(Matrix a, Matrix out, boolean accumulate) {
    Checks.shape(out, a.rows, 1, "row sums of", a);
    for (int i = 0; i < a.rows; i++) {
      float s = 0f;
      int ai = i * a.cols;
      for (int j = 0; j < a.cols; j++) {
        s += a.data[ai + j];
      }
      out.data[i] = accumulate ? out.data[i] + s : s;
    }
  }

  @Override
  public void addRowVector(Matrix a, Matrix row) {
    Checks.shape(row, 1, a.cols, "row vector added to", a);
    for (int i = 0; i < a.rows; i++) {
      int ai = i * a.cols;
      for (int j = 0; j < a.cols; j++) {
        a.data[ai + j] += row.data[j];
      }
    }
  }

  @Override
  public void scaleRows(Matrix a, Matrix s, Matrix out, boolean accumulate) {
    Checks.shape(s, a.rows, 1, "row scales for", a);
    Checks.sameShape(a, out, "scaleRows output");
    for (int i = 0; i < a.rows; i++) {
      scale(s.data[i], a.data, i * a.cols, out.data, i * a.cols, a.cols, accumulate);
    }
  }

  @Override
  public double sum(float[] x, int xo, int len) {
    Checks.range(x, xo, len, "sum");
    double s = 0;
    for (int i = 0; i < len; i++) {
      s += x[xo + i];
    }
    return s;
  }

  @Override
  public double dot(float[] x, int xo, float[] y, int yo, int len) {
    Checks.range(x, xo, len, "dot");
    Checks.range(y, yo, len, "dot");
    double s = 0;
    for (int i = 0; i < len; i++) {
      s += (double) x[xo + i] * y[yo + i];
    }
    return s;
  }

  @Override
  public double sumSquaredDiff(float[] x, int xo, float[] y, int yo, int len) {
    Checks.range(x, xo, len, "sumSquaredDiff");
    Checks.range(y, yo, len, "sumSquaredDiff");
    double s = 0;
    for (int i = 0; i < len; i++) {
      double d = (double) x[xo + i] - y[yo + i];
      s += d * d;
    }
    return s;
  }

  @Override
  public void scale(float alpha, float[] x, int xo, float[] y, int yo, int len,
      boolean accumulate) {
    Checks.range(x, xo, len, "scale");
    Checks.range(y, yo, len, "scale");
    if (accumulate) {
      for (int i = 0; i < len; i++) {
        y[yo + i] += alpha * x[xo + i];
      }
    } else {
      for (int i = 0; i < len; i++) {
        y[yo + i] = alpha * x[xo + i];
      }
    }
  }

  @Override
  public void axpby(float alpha, float[] x, int xo, float beta, float[] y, int yo, float[] z,
      int zo, int len, boolean accumulate) {
    Checks.range(x, xo, len, "axpby");
    Checks.range(y, yo, len, "axpby");
    Checks.range(z, zo, len, "axpby");
    for (int i = 0; i < len; i++) {
      float r = alpha * x[xo + i] + beta * y[yo + i];
      z[zo + i] = accumulate ? z[zo + i] + r : r;
    }
  }

  @Override
  public void mul(float[] x, int xo, float[] y, int yo, float[] z, int zo, int len,
      boolean accumulate) {
    Checks.range(x, xo, len, "mul");
    Checks.range(y, yo, len, "mul");
    Checks.range(z, zo, len, "mul");
    for (int i = 0; i < len; i++) {
      float r = x[xo + i] * y[yo + i];
      z[zo + i] = accumulate ? z[zo + i] + r : r;
    }
  }

  @Override
  public void mul3(float[] x, int xo, float[] y, int yo, float[] z, int zo, float[] w, int wo,
      int len, boolean accumulate) {
    Checks.range(x, xo, len, "mul3");
    Checks.range(y, yo, len, "mul3");
    Checks.range(z, zo, len, "mul3");
    Checks.range(w, wo, len, "mul3");
    for (int i = 0; i < len; i++) {
      float r = x[xo + i] * y[yo + i] * z[zo + i];
      w[wo + i] = accumulate ? w[wo + i] + r : r;
    }
  }

  @Override
  public void activation(Activation f, float[] z, int zo, float[] h, int ho, float[] d1, int d1o,
      int len) {
    Checks.range(z, zo, len, "activation input");
    Checks.range(h, ho, len, "activation output");
    if (d1 != null) {
      Checks.range(d1, d1o, len, "activation derivative");
    }
    for (int i = 0; i < len; i++) {
      float x = z[zo + i];
      if (d1 != null) {
        d1[d1o + i] = derivative(f, x);
      }
      h[ho + i] = value(f, x);
    }
  }

  @Override
  public void activationDerivatives(Activation f, float[] z, int zo, float[] d1, int d1o,
      float[] d2, int d2o, int len) {
    Checks.range(z, zo, len, "activation input");
    Checks.range(d1, d1o, len, "activation derivative");
    Checks.range(d2, d2o, len, "activation second derivative");
    for (int i = 0; i < len; i++) {
      float x = z[zo + i];
      d1[d1o + i] = derivative(f, x);
      d2[d2o + i] = secondDerivative(f, x);
    }
  }

  static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-x)));
  }

  static float value(Activation f, float x) {
    switch (f) {
      case RELU:
        return x > 0 ? x : 0f;
      case SELU:
        return x > 0 ? (float) Activation.SELU_LAMBDA * x
            : (float) (Activation.SELU_LAMBDA * Activation.SELU_ALPHA) * (float) Math.expm1(x);
      case SILU:
        return x * sigmoid(x);
      case TANH:
        return (float) Math.tanh(x);
      case SOFTPLUS:
        return Math.max(x, 0f) + (float) Math.log1p(Math.exp(-Math.abs(x)));
      case LEAKY_RELU:
        return x > 0 ? x : (float) Activation.LEAKY_SLOPE * x;
      default:
        throw new AssertionError(f);
    }
  }

  static float derivative(Activation f, float x) {
    switch (f) {
      case RELU:
        return x > 0 ? 1f : 0f;
      case SELU:
        return x > 0 ? (float) Activation.SELU_LAMBDA
            : (float) (Activation.SELU_LAMBDA * Activation.SELU_ALPHA) * (float) Math.exp(x);
      case SILU: {
        float s = sigmoid(x);
        return s * (1f + x * (1f - s));
      }
      case TANH: {
        float t = (float) Math.tanh(x);
        return 1f - t * t;
      }
      case SOFTPLUS:
        return sigmoid(x);
      case LEAKY_RELU:
        return x > 0 ? 1f : (float) Activation.LEAKY_SLOPE;
      default:
        throw new AssertionError(f);
    }
  }

  static float secondDerivative(Activation f, float x) {
    switch (f) {
      case RELU:
        return 0f;
      case SELU:
        return x > 0 ? 0f
            : (float) (Activation.SELU_LAMBDA * Activation.SELU_ALPHA) * (float) Math.exp(x);
      case SILU: {
        float s = sigmoid(x);
        return s * (1f - s) * (2f + x * (1f - 2f * s));
      }
      case TANH: {
        float t = (float) Math.tanh(x);
        return -2f * t * (1f - t * t);
      }
      case SOFTPLUS: {
        float s = sigmoid(x);
        return s * (1f - s);
      }
      case LEAKY_RELU:
        return 0f;
      default:
        throw new AssertionError(f);
    }
  }

  @Override
  public void adam(float[] w, float[] g, float[] m, float[] v, int len, float beta1, float beta2,
      float stepSize, float bc2Sqrt, float eps, float l2, float weightScale) {
    Checks.range(w, 0, len, "adam weights");
    Checks.range(g, 0, len, "adam gradients");
    Checks.range(m, 0, len, "adam first moments");
    Checks.range(v, 0, len, "adam second moments");
    float c1 = 1f - beta1;
    float c2 = 1f - beta2;
    for (int i = 0; i < len; i++) {
      float wi = w[i] * weightScale;
      float gi = g[i] + l2 * wi;
      float mi = beta1 * m[i] + c1 * gi;
      float vi = beta2 * v[i] + c2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      w[i] = wi - stepSize * (mi / ((float) Math.sqrt(vi) / bc2Sqrt + eps));
    }
  }
}
