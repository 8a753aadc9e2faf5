package org.flowmatch4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the JDK Vector API. Loaded reflectively by {@link Kernels#get()} so that the rest of
 * the code runs without the {@code jdk.incubator.vector} module. Products are in {@link
 * VectorGemm}; elementwise maps run L lanes at a time and finish the last {@code len % L}
 * elements with the scalar formulas.
 */
final class VectorKernels implements Kernels {
  private static final VectorSpecies<Float> S = VectorGemm.S;
  private static final int L = S.length();
  private static final ScalarKernels SCALAR = ScalarKernels.INSTANCE;
  /** Elements summed in float lanes before the partial sum is added to a double. */
  private static final int SUM_BLOCK = 4096;

  /** Public for reflective loading. */
  public VectorKernels() {}

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public void mul(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    VectorGemm.product(false, false, a, b, c, accumulate, null);
  }

  @Override
  public void mulTransA(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    VectorGemm.product(true, false, a, b, c, accumulate, null);
  }

  @Override
  public void mulTransB(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    VectorGemm.product(false, true, a, b, c, accumulate, null);
  }

  @Override
  public void linear(Matrix x, Matrix w, Matrix bias, Matrix y) {
    Checks.bias(bias, w.rows);
    VectorGemm.product(false, true, x, w, y, false, bias);
  }

  @Override
  public void columnSums(Matrix a, Matrix out, boolean accumulate) {
    Checks.shape(out, 1, a.cols, "column sums of", a);
    float[] o = out.data;
    if (!accumulate) {
      java.util.Arrays.fill(o, 0f);
    }
    int n = a.cols;
    for (int i = 0; i < a.rows; i++) {
      addInto(a.data, i * n, o, 0, n);
    }
  }

  /** y[yo..] += x[xo..] over len elements. */
  private static void addInto(float[] x, int xo, float[] y, int yo, int len) {
    int j = 0;
    for (; j <= len - L; j += L) {
      FloatVector.fromArray(S, y, yo + j).add(FloatVector.fromArray(S, x, xo + j))
          .intoArray(y, yo + j);
    }
    for (; j < len; j++) {
      y[yo + j] += x[xo + j];
    }
  }

  @Override
  public void rowSums(Matrix a, Matrix out, boolean accumulate) {
    Checks.shape(out, a.rows, 1, "row sums of", a);
    int n = a.cols;
    for (int i = 0; i < a.rows; i++) {
      float s = sumFloat(a.data, i * n, n);
      out.data[i] = accumulate ? out.data[i] + s : s;
    }
  }

  private static float sumFloat(float[] x, int xo, int len) {
    FloatVector acc = FloatVector.zero(S);
    int j = 0;
    for (; j <= len - L; j += L) {
      acc = acc.add(FloatVector.fromArray(S, x, xo + j));
    }
    float s = VectorMath.sumLanes(acc);
    for (; j < len; j++) {
      s += x[xo + j];
    }
    return s;
  }

  @Override
  public void addRowVector(Matrix a, Matrix row) {
    Checks.shape(row, 1, a.cols, "row vector added to", a);
    for (int i = 0; i < a.rows; i++) {
      addInto(row.data, 0, a.data, i * a.cols, a.cols);
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
    double total = 0;
    for (int b = 0; b < len; b += SUM_BLOCK) {
      total += sumFloat(x, xo + b, Math.min(SUM_BLOCK, len - b));
    }
    return total;
  }

  @Override
  public double dot(float[] x, int xo, float[] y, int yo, int len) {
    Checks.range(x, xo, len, "dot");
    Checks.range(y, yo, len, "dot");
    double total = 0;
    for (int b = 0; b < len; b += SUM_BLOCK) {
      total += dotFloat(x, xo + b, y, yo + b, Math.min(SUM_BLOCK, len - b));
    }
    return total;
  }

  private static float dotFloat(float[] x, int xo, float[] y, int yo, int n) {
    FloatVector acc = FloatVector.zero(S);
    int j = 0;
    for (; j <= n - L; j += L) {
      acc = FloatVector.fromArray(S, x, xo + j).fma(FloatVector.fromArray(S, y, yo + j), acc);
    }
    float s = VectorMath.sumLanes(acc);
    for (; j < n; j++) {
      s += x[xo + j] * y[yo + j];
    }
    return s;
  }

  @Override
  public double sumSquaredDiff(float[] x, int xo, float[] y, int yo, int len) {
    Checks.range(x, xo, len, "sumSquaredDiff");
    Checks.range(y, yo, len, "sumSquaredDiff");
    double total = 0;
    for (int b = 0; b < len; b += SUM_BLOCK) {
      total += squaredDiffFloat(x, xo + b, y, yo + b, Math.min(SUM_BLOCK, len - b));
    }
    return total;
  }

  private static float squaredDiffFloat(float[] x, int xo, float[] y, int yo, int n) {
    FloatVector acc = FloatVector.zero(S);
    int j = 0;
    for (; j <= n - L; j += L) {
      FloatVector d = FloatVector.fromArray(S, x, xo + j).sub(FloatVector.fromArray(S, y, yo + j));
      acc = d.fma(d, acc);
    }
    float s = VectorMath.sumLanes(acc);
    for (; j < n; j++) {
      float d = x[xo + j] - y[yo + j];
      s += d * d;
    }
    return s;
  }

  @Override
  public void scale(float alpha, float[] x, int xo, float[] y, int yo, int len,
      boolean accumulate) {
    Checks.range(x, xo, len, "scale");
    Checks.range(y, yo, len, "scale");
    int i = 0;
    if (accumulate) {
      for (; i <= len - L; i += L) {
        FloatVector.fromArray(S, y, yo + i)
            .add(FloatVector.fromArray(S, x, xo + i).mul(alpha)).intoArray(y, yo + i);
      }
      for (; i < len; i++) {
        y[yo + i] += alpha * x[xo + i];
      }
    } else {
      for (; i <= len - L; i += L) {
        FloatVector.fromArray(S, x, xo + i).mul(alpha).intoArray(y, yo + i);
      }
      for (; i < len; i++) {
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
    int i = 0;
    for (; i <= len - L; i += L) {
      FloatVector r = FloatVector.fromArray(S, x, xo + i).mul(alpha)
          .add(FloatVector.fromArray(S, y, yo + i).mul(beta));
      if (accumulate) {
        r = FloatVector.fromArray(S, z, zo + i).add(r);
      }
      r.intoArray(z, zo + i);
    }
    for (; i < len; i++) {
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
    int i = 0;
    for (; i <= len - L; i += L) {
      FloatVector r = FloatVector.fromArray(S, x, xo + i).mul(FloatVector.fromArray(S, y, yo + i));
      if (accumulate) {
        r = FloatVector.fromArray(S, z, zo + i).add(r);
      }
      r.intoArray(z, zo + i);
    }
    for (; i < len; i++) {
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
    int i = 0;
    for (; i <= len - L; i += L) {
      FloatVector r = FloatVector.fromArray(S, x, xo + i).mul(FloatVector.fromArray(S, y, yo + i))
          .mul(FloatVector.fromArray(S, z, zo + i));
      if (accumulate) {
        r = FloatVector.fromArray(S, w, wo + i).add(r);
      }
      r.intoArray(w, wo + i);
    }
    for (; i < len; i++) {
      float r = x[xo + i] * y[yo + i] * z[zo + i];
      w[wo + i] = accumulate ? w[wo + i] + r : r;
    }
  }

  private static final float LAMBDA = (float) Activation.SELU_LAMBDA;
  private static final float LAMBDA_ALPHA =
      (float) (Activation.SELU_LAMBDA * Activation.SELU_ALPHA);

  @Override
  public void activation(Activation f, float[] z, int zo, float[] h, int ho, float[] d1, int d1o,
      int len) {
    Checks.range(z, zo, len, "activation input");
    Checks.range(h, ho, len, "activation output");
    if (d1 != null) {
      Checks.range(d1, d1o, len, "activation derivative");
    }
    int i = 0;
    boolean deriv = d1 != null;
    switch (f) {
      case RELU:
        for (; i <= len - L; i += L) {
          FloatVector x = FloatVector.fromArray(S, z, zo + i);
          VectorMask<Float> pos = x.compare(VectorOperators.GT, 0f);
          if (deriv) {
            FloatVector.zero(S).blend(1f, pos).intoArray(d1, d1o + i);
          }
          x.max(0f).intoArray(h, ho + i);
        }
        break;
      case SELU:
        for (; i <= len - L; i += L) {
          FloatVector x = FloatVector.fromArray(S, z, zo + i);
          VectorMask<Float> pos = x.compare(VectorOperators.GT, 0f);
          FloatVector em1 = VectorMath.expm1(x.min(0f));
          if (deriv) {
            em1.add(1f).mul(LAMBDA_ALPHA).blend(LAMBDA, pos).intoArray(d1, d1o + i);
          }
          em1.mul(LAMBDA_ALPHA).blend(x.mul(LAMBDA), pos).intoArray(h, ho + i);
        }
        break;
      case SILU:
        for (; i <= len - L; i += L) {
          FloatVector x = FloatVector.fromArray(S, z, zo + i);
          FloatVector s = VectorMath.sigmoid(x);
          if (deriv) {
            s.mul(x.mul(s.neg().add(1f)).add(1f)).intoArray(d1, d1o + i);
          }
          x.mul(s).intoArray(h, ho + i);
        }
        break;
      case TANH:
        for (; i <= len - L; i += L) {
          FloatVector t = VectorMath.tanh(FloatVector.fromArray(S, z, zo + i));
          if (deriv) {
            t.mul(t).neg().add(1f).intoArray(d1, d1o + i);
          }
          t.intoArray(h, ho + i);
        }
        break;
      case SOFTPLUS:
        for (; i <= len - L; i += L) {
          FloatVector x = FloatVector.fromArray(S, z, zo + i);
          if (deriv) {
            VectorMath.sigmoid(x).intoArray(d1, d1o + i);
          }
          x.max(0f).add(VectorMath.log1pUnit(VectorMath.exp(x.abs().neg())))
              .intoArray(h, ho + i);
        }
        break;
      default:
        throw new AssertionError(f);
    }
    for (; i < len; i++) {
      float x = z[zo + i];
      if (deriv) {
        d1[d1o + i] = ScalarKernels.derivative(f, x);
      }
      h[ho + i] = ScalarKernels.value(f, x);
    }
  }

  @Override
  public void activationDerivatives(Activation f, float[] z, int zo, float[] d1, int d1o,
      float[] d2, int d2o, int len) {
    Checks.range(z, zo, len, "activation input");
    Checks.range(d1, d1o, len, "activation derivative");
    Checks.range(d2, d2o, len, "activation second derivative");
    int i = 0;
    switch (f) {
      case RELU:
        for (; i <= len - L; i += L) {
          FloatVector x = FloatVector.fromArray(S, z, zo + i);
          FloatVector.zero(S).blend(1f, x.compare(VectorOperators.GT, 0f)).intoArray(d1, d1o + i);
          FloatVector.zero(S).intoArray(d2, d2o + i);
        }
        break;
      case SELU:
        for (; i <= len - L; i += L) {
          FloatVector x = FloatVector.fromArray(S, z, zo + i);
          VectorMask<Float> pos = x.compare(VectorOperators.GT, 0f);
          FloatVector e = VectorMath.expm1(x.min(0f)).add(1f).mul(LAMBDA_ALPHA);
          e.blend(LAMBDA, pos).intoArray(d1, d1o + i);
          e.blend(0f, pos).intoArray(d2, d2o + i);
        }
        break;
      case SILU:
        for (; i <= len - L; i += L) {
          FloatVector x = FloatVector.fromArray(S, z, zo + i);
          FloatVector s = VectorMath.sigmoid(x);
          FloatVector oneMinusS = s.neg().add(1f);
          s.mul(x.mul(oneMinusS).add(1f)).intoArray(d1, d1o + i);
          s.mul(oneMinusS).mul(x.mul(s.mul(-2f).add(1f)).add(2f)).intoArray(d2, d2o + i);
        }
        break;
      case TANH:
        for (; i <= len - L; i += L) {
          FloatVector t = VectorMath.tanh(FloatVector.fromArray(S, z, zo + i));
          FloatVector d = t.mul(t).neg().add(1f);
          d.intoArray(d1, d1o + i);
          t.mul(-2f).mul(d).intoArray(d2, d2o + i);
        }
        break;
      case SOFTPLUS:
        for (; i <= len - L; i += L) {
          FloatVector x = FloatVector.fromArray(S, z, zo + i);
          FloatVector s = VectorMath.sigmoid(x);
          s.intoArray(d1, d1o + i);
          s.mul(s.neg().add(1f)).intoArray(d2, d2o + i);
        }
        break;
      default:
        throw new AssertionError(f);
    }
    for (; i < len; i++) {
      float x = z[zo + i];
      d1[d1o + i] = ScalarKernels.derivative(f, x);
      d2[d2o + i] = ScalarKernels.secondDerivative(f, x);
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
    int i = 0;
    for (; i <= len - L; i += L) {
      FloatVector wi = FloatVector.fromArray(S, w, i).mul(weightScale);
      FloatVector gi = FloatVector.fromArray(S, g, i).add(wi.mul(l2));
      FloatVector mi = FloatVector.fromArray(S, m, i).mul(beta1).add(gi.mul(c1));
      FloatVector vi = FloatVector.fromArray(S, v, i).mul(beta2).add(gi.mul(c2).mul(gi));
      mi.intoArray(m, i);
      vi.intoArray(v, i);
      FloatVector denom = vi.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
      wi.sub(mi.div(denom).mul(stepSize)).intoArray(w, i);
    }
    for (; i < len; i++) {
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
