package org.flowmatch4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The elementwise loops of {@link VectorKernels}, serial and without checks: L lanes at a time,
 * then the last {@code len % L} elements with the scalar formulas. {@link VectorKernels} checks
 * ranges and splits long ranges over threads at multiples of L, so every element is computed the
 * same way whatever the split.
 */
final class VectorMaps {
  private static final VectorSpecies<Float> S = VectorGemm.S;
  private static final int L = S.length();

  private VectorMaps() {}

  static void scale0(float alpha, float[] x, int xo, float[] y, int yo, int len,
      boolean accumulate) {
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

  static void axpby0(float alpha, float[] x, int xo, float beta, float[] y, int yo, float[] z,
      int zo, int len, boolean accumulate) {
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

  static void mul0(float[] x, int xo, float[] y, int yo, float[] z, int zo, int len,
      boolean accumulate) {
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

  static void mul30(float[] x, int xo, float[] y, int yo, float[] z, int zo, float[] w, int wo,
      int len, boolean accumulate) {
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

  static void activation0(Activation f, float[] z, int zo, float[] h, int ho, float[] d1, int d1o,
      int len) {
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

  static void activationDerivatives0(Activation f, float[] z, int zo, float[] d1, int d1o,
      float[] d2, int d2o, int len) {
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

  static void adam0(float[] w, float[] g, float[] m, float[] v, int off, int len, float beta1,
      float beta2, float stepSize, float bc2Sqrt, float eps, float l2, float weightScale) {
    float c1 = 1f - beta1;
    float c2 = 1f - beta2;
    int i = off;
    int end = off + len;
    for (; i <= end - L; i += L) {
      FloatVector wi = FloatVector.fromArray(S, w, i).mul(weightScale);
      FloatVector gi = FloatVector.fromArray(S, g, i).add(wi.mul(l2));
      FloatVector mi = FloatVector.fromArray(S, m, i).mul(beta1).add(gi.mul(c1));
      FloatVector vi = FloatVector.fromArray(S, v, i).mul(beta2).add(gi.mul(c2).mul(gi));
      mi.intoArray(m, i);
      vi.intoArray(v, i);
      FloatVector denom = vi.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
      wi.sub(mi.div(denom).mul(stepSize)).intoArray(w, i);
    }
    for (; i < end; i++) {
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
