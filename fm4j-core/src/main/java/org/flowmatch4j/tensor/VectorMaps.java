package org.flowmatch4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The elementwise loops of {@link VectorKernels}, serial and without checks: L lanes at a time,
 * then the last {@code len % L} elements with the scalar formulas. {@link VectorKernels} checks
 * ranges and splits long ranges over threads at multiples of L, so every element is computed the
 * same way whatever the split.
 *
 * <p>Activations use only exactly rounded operations (add, multiply, divide, compare, blend, bit
 * operations): {@code exp(x)} by Cody-Waite reduction {@code x = k ln2 + r}, k = round(x / ln2)
 * (by adding and subtracting 1.5 * 2^23, whose low bits then also hold k for building 2^k), a
 * degree-6 polynomial with the Cephes expf coefficients, arguments clamped to [-87.34, 88.38];
 * {@code expm1} by a degree-8 Taylor polynomial for |x| < 0.5; {@code tanh(x) = -m / (2 + m)} with
 * {@code m = expm1(-2|x|)}, signed; {@code log1p(u)} for u in [0, 1] as {@code 2 atanh(u / (2 +
 * u))}, an odd series to the 17th power. Why not {@code lanewise(EXP)}: the Vector API computes it
 * with an Intel SVML intrinsic in C2-compiled code but with {@code Math.exp} in the interpreter and
 * C1 code, and the two differ in the last bit, so results would depend on how far the JIT has got
 * and training would not repeat bit for bit. Why written out inline: C2 does not reliably inline a
 * helper that takes and returns vectors ("callee is too large"), and a call that is not inlined
 * boxes every vector. Accuracy is within a few float ulps (tested against double precision).
 *
 * <p>Every store casts its vector to the exact class of S's vectors first, {@code
 * V.cast(r).intoArray(y, o)}, as the matrix-product kernels do ({@link VectorGemm}): without it C2
 * took the stored vector's class and species from the Vector API's shared type profiles, and in
 * some fresh JVMs left the stores of the SELU map as calls on vectors boxed on the heap, which then
 * allocated on every training step. The cast changes no value. An activation's loop stores h
 * before the derivative that only some callers ask for ({@code d1 != null}), so that no vector is
 * live after that branch: with h stored after it, C2 kept the SELU map's {@code em1} boxed on the
 * heap across the branch, one allocation per L elements in every compile (both orders store the
 * same values; h and d1 are distinct arrays, and z, which may be h, is read before either store).
 * The SELU map, the longest, also casts every intermediate vector: in some fresh JVMs C2 otherwise left the last
 * operations of its expm1 polynomial as calls on heap vectors (allocation profiles in
 * docs/performance.md); a cast changes no value.
 */
final class VectorMaps {
  private static final VectorSpecies<Float> S = VectorGemm.S;
  private static final int L = S.length();
  /** The exact class of S's vectors, to which every store casts its vector (class comment). */
  private static final Class<? extends FloatVector> V = VectorGemm.V;

  private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
  private static final float LOG2E = 1.44269504088896341f;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  private static final float EXP_MAX = 88.3762626647949f;
  private static final float EXP_MIN = -87.3365478515625f;
  /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
  private static final float ROUND = 12582912f;
  private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);

  private VectorMaps() {}

  static void scale0(float alpha, float[] x, int xo, float[] y, int yo, int len,
      boolean accumulate) {
    int i = 0;
    if (accumulate) {
      for (; i <= len - L; i += L) {
        V.cast(FloatVector.fromArray(S, y, yo + i)
            .add(FloatVector.fromArray(S, x, xo + i).mul(alpha))).intoArray(y, yo + i);
      }
      for (; i < len; i++) {
        y[yo + i] += alpha * x[xo + i];
      }
    } else {
      for (; i <= len - L; i += L) {
        V.cast(FloatVector.fromArray(S, x, xo + i).mul(alpha)).intoArray(y, yo + i);
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
      V.cast(r).intoArray(z, zo + i);
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
      V.cast(r).intoArray(z, zo + i);
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
      V.cast(r).intoArray(w, wo + i);
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
    switch (f) {
      case RELU:
        relu(z, zo, h, ho, d1, d1o, len);
        break;
      case SELU:
        selu(z, zo, h, ho, d1, d1o, len);
        break;
      case SILU:
        silu(z, zo, h, ho, d1, d1o, len);
        break;
      case TANH:
        tanh(z, zo, h, ho, d1, d1o, len);
        break;
      case SOFTPLUS:
        softplus(z, zo, h, ho, d1, d1o, len);
        break;
      case LEAKY_RELU:
        leakyRelu(z, zo, h, ho, d1, d1o, len);
        break;
      default:
        throw new AssertionError(f);
    }
  }

  static void activationDerivatives0(Activation f, float[] z, int zo, float[] d1, int d1o,
      float[] d2, int d2o, int len) {
    switch (f) {
      case RELU:
        reluDerivatives(z, zo, d1, d1o, d2, d2o, len);
        break;
      case SELU:
        seluDerivatives(z, zo, d1, d1o, d2, d2o, len);
        break;
      case SILU:
        siluDerivatives(z, zo, d1, d1o, d2, d2o, len);
        break;
      case TANH:
        tanhDerivatives(z, zo, d1, d1o, d2, d2o, len);
        break;
      case SOFTPLUS:
        softplusDerivatives(z, zo, d1, d1o, d2, d2o, len);
        break;
      case LEAKY_RELU:
        leakyReluDerivatives(z, zo, d1, d1o, d2, d2o, len);
        break;
      default:
        throw new AssertionError(f);
    }
  }

  // The loops below are generated with exp, expm1, tanh, the logistic function and log1p
  // written out inline (see the class comment).

  /** SELU and (when d1 != null) its derivative. */
  private static void selu(
      float[] z, int zo, float[] h, int ho, float[] d1, int d1o, int len) {
    int i = 0;
    for (; i <= len - L; i += L) {
      FloatVector x = FloatVector.fromArray(S, z, zo + i);
      VectorMask<Float> pos = x.compare(VectorOperators.GT, 0f);
      FloatVector neg = V.cast(x.blend(0f, pos));
      FloatVector ex1 = V.cast(neg.blend(EXP_MIN, neg.compare(VectorOperators.LT, EXP_MIN))
          .blend(EXP_MAX, neg.compare(VectorOperators.GT, EXP_MAX)));
      FloatVector sh1 = V.cast(ex1.mul(LOG2E).add(ROUND));
      FloatVector k1 = V.cast(sh1.sub(ROUND));
      FloatVector r1 = V.cast(ex1.sub(k1.mul(LN2_HI)).sub(k1.mul(LN2_LO)));
      FloatVector z1 = V.cast(r1.mul(r1));
      FloatVector p1 = V.cast(r1.mul(1.9875691500e-4f).add(1.3981999507e-3f).mul(r1)
          .add(8.3334519073e-3f).mul(r1).add(4.1665795894e-2f).mul(r1)
          .add(1.6666665459e-1f).mul(r1).add(5.0000001201e-1f).mul(z1).add(r1).add(1f));
      IntVector e1 = ((IntVector) sh1.reinterpretAsInts()).sub(ROUND_BITS - 127)
          .lanewise(VectorOperators.LSHL, 23);
      FloatVector em0 = V.cast(p1.mul(e1.reinterpretAsFloats()));
      FloatVector q0 = V.cast(neg.mul(1f / 40320f).add(1f / 5040f).mul(neg).add(1f / 720f)
          .mul(neg).add(1f / 120f).mul(neg).add(1f / 24f).mul(neg).add(1f / 6f)
          .mul(neg).add(0.5f).mul(neg).add(1f).mul(neg));
      FloatVector em1 = V.cast(em0.sub(1f)
          .blend(q0, neg.abs().compare(VectorOperators.LT, 0.5f)));
      V.cast(em1.mul(LAMBDA_ALPHA).blend(x.mul(LAMBDA), pos)).intoArray(h, ho + i);
      if (d1 != null) {
        V.cast(em1.add(1f).mul(LAMBDA_ALPHA).blend(LAMBDA, pos))
            .intoArray(d1, d1o + i);
      }
    }
    for (; i < len; i++) {
      float v = z[zo + i];
      if (d1 != null) {
        d1[d1o + i] = ScalarKernels.derivative(Activation.SELU, v);
      }
      h[ho + i] = ScalarKernels.value(Activation.SELU, v);
    }
  }

  /** SELU's first and second derivatives. */
  private static void seluDerivatives(
      float[] z, int zo, float[] d1, int d1o, float[] d2, int d2o, int len) {
    int i = 0;
    for (; i <= len - L; i += L) {
      FloatVector x = FloatVector.fromArray(S, z, zo + i);
      VectorMask<Float> pos = x.compare(VectorOperators.GT, 0f);
      FloatVector neg = x.blend(0f, pos);
      FloatVector ex3 = neg.blend(EXP_MIN, neg.compare(VectorOperators.LT, EXP_MIN))
          .blend(EXP_MAX, neg.compare(VectorOperators.GT, EXP_MAX));
      FloatVector sh3 = ex3.mul(LOG2E).add(ROUND);
      FloatVector k3 = sh3.sub(ROUND);
      FloatVector r3 = ex3.sub(k3.mul(LN2_HI)).sub(k3.mul(LN2_LO));
      FloatVector z3 = r3.mul(r3);
      FloatVector p3 = r3.mul(1.9875691500e-4f).add(1.3981999507e-3f).mul(r3)
          .add(8.3334519073e-3f).mul(r3).add(4.1665795894e-2f).mul(r3)
          .add(1.6666665459e-1f).mul(r3).add(5.0000001201e-1f).mul(z3).add(r3).add(1f);
      IntVector e3 = ((IntVector) sh3.reinterpretAsInts()).sub(ROUND_BITS - 127)
          .lanewise(VectorOperators.LSHL, 23);
      FloatVector em2 = p3.mul(e3.reinterpretAsFloats());
      FloatVector q2 = neg.mul(1f / 40320f).add(1f / 5040f).mul(neg).add(1f / 720f)
          .mul(neg).add(1f / 120f).mul(neg).add(1f / 24f).mul(neg).add(1f / 6f)
          .mul(neg).add(0.5f).mul(neg).add(1f).mul(neg);
      FloatVector em1 = em2.sub(1f)
          .blend(q2, neg.abs().compare(VectorOperators.LT, 0.5f));
      FloatVector e = em1.add(1f).mul(LAMBDA_ALPHA);
      V.cast(e.blend(LAMBDA, pos)).intoArray(d1, d1o + i);
      V.cast(e.blend(0f, pos)).intoArray(d2, d2o + i);
    }
    for (; i < len; i++) {
      float v = z[zo + i];
      d1[d1o + i] = ScalarKernels.derivative(Activation.SELU, v);
      d2[d2o + i] = ScalarKernels.secondDerivative(Activation.SELU, v);
    }
  }

  /** SiLU and (when d1 != null) its derivative. */
  private static void silu(
      float[] z, int zo, float[] h, int ho, float[] d1, int d1o, int len) {
    int i = 0;
    for (; i <= len - L; i += L) {
      FloatVector x = FloatVector.fromArray(S, z, zo + i);
      FloatVector n4 = x.neg();
      FloatVector ex5 = n4.blend(EXP_MIN, n4.compare(VectorOperators.LT, EXP_MIN))
          .blend(EXP_MAX, n4.compare(VectorOperators.GT, EXP_MAX));
      FloatVector sh5 = ex5.mul(LOG2E).add(ROUND);
      FloatVector k5 = sh5.sub(ROUND);
      FloatVector r5 = ex5.sub(k5.mul(LN2_HI)).sub(k5.mul(LN2_LO));
      FloatVector z5 = r5.mul(r5);
      FloatVector p5 = r5.mul(1.9875691500e-4f).add(1.3981999507e-3f).mul(r5)
          .add(8.3334519073e-3f).mul(r5).add(4.1665795894e-2f).mul(r5)
          .add(1.6666665459e-1f).mul(r5).add(5.0000001201e-1f).mul(z5).add(r5).add(1f);
      IntVector e5 = ((IntVector) sh5.reinterpretAsInts()).sub(ROUND_BITS - 127)
          .lanewise(VectorOperators.LSHL, 23);
      FloatVector s4 = p5.mul(e5.reinterpretAsFloats());
      FloatVector s = ONE.div(s4.add(1f));
      V.cast(x.mul(s)).intoArray(h, ho + i);
      if (d1 != null) {
        V.cast(s.mul(x.mul(ONE.sub(s)).add(1f))).intoArray(d1, d1o + i);
      }
    }
    for (; i < len; i++) {
      float v = z[zo + i];
      if (d1 != null) {
        d1[d1o + i] = ScalarKernels.derivative(Activation.SILU, v);
      }
      h[ho + i] = ScalarKernels.value(Activation.SILU, v);
    }
  }

  /** SiLU's first and second derivatives. */
  private static void siluDerivatives(
      float[] z, int zo, float[] d1, int d1o, float[] d2, int d2o, int len) {
    int i = 0;
    for (; i <= len - L; i += L) {
      FloatVector x = FloatVector.fromArray(S, z, zo + i);
      FloatVector n6 = x.neg();
      FloatVector ex7 = n6.blend(EXP_MIN, n6.compare(VectorOperators.LT, EXP_MIN))
          .blend(EXP_MAX, n6.compare(VectorOperators.GT, EXP_MAX));
      FloatVector sh7 = ex7.mul(LOG2E).add(ROUND);
      FloatVector k7 = sh7.sub(ROUND);
      FloatVector r7 = ex7.sub(k7.mul(LN2_HI)).sub(k7.mul(LN2_LO));
      FloatVector z7 = r7.mul(r7);
      FloatVector p7 = r7.mul(1.9875691500e-4f).add(1.3981999507e-3f).mul(r7)
          .add(8.3334519073e-3f).mul(r7).add(4.1665795894e-2f).mul(r7)
          .add(1.6666665459e-1f).mul(r7).add(5.0000001201e-1f).mul(z7).add(r7).add(1f);
      IntVector e7 = ((IntVector) sh7.reinterpretAsInts()).sub(ROUND_BITS - 127)
          .lanewise(VectorOperators.LSHL, 23);
      FloatVector s6 = p7.mul(e7.reinterpretAsFloats());
      FloatVector s = ONE.div(s6.add(1f));
      FloatVector oneMinusS = ONE.sub(s);
      V.cast(s.mul(x.mul(oneMinusS).add(1f))).intoArray(d1, d1o + i);
      V.cast(s.mul(oneMinusS).mul(x.mul(s.mul(-2f).add(1f)).add(2f)))
          .intoArray(d2, d2o + i);
    }
    for (; i < len; i++) {
      float v = z[zo + i];
      d1[d1o + i] = ScalarKernels.derivative(Activation.SILU, v);
      d2[d2o + i] = ScalarKernels.secondDerivative(Activation.SILU, v);
    }
  }

  /** tanh and (when d1 != null) its derivative. */
  private static void tanh(
      float[] z, int zo, float[] h, int ho, float[] d1, int d1o, int len) {
    int i = 0;
    for (; i <= len - L; i += L) {
      FloatVector x = FloatVector.fromArray(S, z, zo + i);
      FloatVector a8 = x.abs().mul(-2f);
      FloatVector ex10 = a8.blend(EXP_MIN, a8.compare(VectorOperators.LT, EXP_MIN))
          .blend(EXP_MAX, a8.compare(VectorOperators.GT, EXP_MAX));
      FloatVector sh10 = ex10.mul(LOG2E).add(ROUND);
      FloatVector k10 = sh10.sub(ROUND);
      FloatVector r10 = ex10.sub(k10.mul(LN2_HI)).sub(k10.mul(LN2_LO));
      FloatVector z10 = r10.mul(r10);
      FloatVector p10 = r10.mul(1.9875691500e-4f).add(1.3981999507e-3f).mul(r10)
          .add(8.3334519073e-3f).mul(r10).add(4.1665795894e-2f).mul(r10)
          .add(1.6666665459e-1f).mul(r10).add(5.0000001201e-1f).mul(z10).add(r10).add(1f);
      IntVector e10 = ((IntVector) sh10.reinterpretAsInts()).sub(ROUND_BITS - 127)
          .lanewise(VectorOperators.LSHL, 23);
      FloatVector em9 = p10.mul(e10.reinterpretAsFloats());
      FloatVector q9 = a8.mul(1f / 40320f).add(1f / 5040f).mul(a8).add(1f / 720f)
          .mul(a8).add(1f / 120f).mul(a8).add(1f / 24f).mul(a8).add(1f / 6f)
          .mul(a8).add(0.5f).mul(a8).add(1f).mul(a8);
      FloatVector m8 = em9.sub(1f)
          .blend(q9, a8.abs().compare(VectorOperators.LT, 0.5f));
      FloatVector t8 = m8.neg().div(m8.add(2f));
      FloatVector t =
          t8.blend(t8.neg(), x.compare(VectorOperators.LT, 0f));
      V.cast(t).intoArray(h, ho + i);
      if (d1 != null) {
        V.cast(ONE.sub(t.mul(t))).intoArray(d1, d1o + i);
      }
    }
    for (; i < len; i++) {
      float v = z[zo + i];
      if (d1 != null) {
        d1[d1o + i] = ScalarKernels.derivative(Activation.TANH, v);
      }
      h[ho + i] = ScalarKernels.value(Activation.TANH, v);
    }
  }

  /** tanh's first and second derivatives. */
  private static void tanhDerivatives(
      float[] z, int zo, float[] d1, int d1o, float[] d2, int d2o, int len) {
    int i = 0;
    for (; i <= len - L; i += L) {
      FloatVector x = FloatVector.fromArray(S, z, zo + i);
      FloatVector a11 = x.abs().mul(-2f);
      FloatVector ex13 = a11.blend(EXP_MIN, a11.compare(VectorOperators.LT, EXP_MIN))
          .blend(EXP_MAX, a11.compare(VectorOperators.GT, EXP_MAX));
      FloatVector sh13 = ex13.mul(LOG2E).add(ROUND);
      FloatVector k13 = sh13.sub(ROUND);
      FloatVector r13 = ex13.sub(k13.mul(LN2_HI)).sub(k13.mul(LN2_LO));
      FloatVector z13 = r13.mul(r13);
      FloatVector p13 = r13.mul(1.9875691500e-4f).add(1.3981999507e-3f).mul(r13)
          .add(8.3334519073e-3f).mul(r13).add(4.1665795894e-2f).mul(r13)
          .add(1.6666665459e-1f).mul(r13).add(5.0000001201e-1f).mul(z13).add(r13).add(1f);
      IntVector e13 = ((IntVector) sh13.reinterpretAsInts()).sub(ROUND_BITS - 127)
          .lanewise(VectorOperators.LSHL, 23);
      FloatVector em12 = p13.mul(e13.reinterpretAsFloats());
      FloatVector q12 = a11.mul(1f / 40320f).add(1f / 5040f).mul(a11).add(1f / 720f)
          .mul(a11).add(1f / 120f).mul(a11).add(1f / 24f).mul(a11).add(1f / 6f)
          .mul(a11).add(0.5f).mul(a11).add(1f).mul(a11);
      FloatVector m11 = em12.sub(1f)
          .blend(q12, a11.abs().compare(VectorOperators.LT, 0.5f));
      FloatVector t11 = m11.neg().div(m11.add(2f));
      FloatVector t =
          t11.blend(t11.neg(), x.compare(VectorOperators.LT, 0f));
      FloatVector d = ONE.sub(t.mul(t));
      V.cast(d).intoArray(d1, d1o + i);
      V.cast(t.mul(-2f).mul(d)).intoArray(d2, d2o + i);
    }
    for (; i < len; i++) {
      float v = z[zo + i];
      d1[d1o + i] = ScalarKernels.derivative(Activation.TANH, v);
      d2[d2o + i] = ScalarKernels.secondDerivative(Activation.TANH, v);
    }
  }

  /** Softplus and (when d1 != null) its derivative, the logistic function. */
  private static void softplus(
      float[] z, int zo, float[] h, int ho, float[] d1, int d1o, int len) {
    int i = 0;
    for (; i <= len - L; i += L) {
      FloatVector x = FloatVector.fromArray(S, z, zo + i);
      FloatVector negAbs = x.abs().neg();
      FloatVector ex14 = negAbs.blend(EXP_MIN, negAbs.compare(VectorOperators.LT, EXP_MIN))
          .blend(EXP_MAX, negAbs.compare(VectorOperators.GT, EXP_MAX));
      FloatVector sh14 = ex14.mul(LOG2E).add(ROUND);
      FloatVector k14 = sh14.sub(ROUND);
      FloatVector r14 = ex14.sub(k14.mul(LN2_HI)).sub(k14.mul(LN2_LO));
      FloatVector z14 = r14.mul(r14);
      FloatVector p14 = r14.mul(1.9875691500e-4f).add(1.3981999507e-3f).mul(r14)
          .add(8.3334519073e-3f).mul(r14).add(4.1665795894e-2f).mul(r14)
          .add(1.6666665459e-1f).mul(r14).add(5.0000001201e-1f).mul(z14).add(r14).add(1f);
      IntVector e14 = ((IntVector) sh14.reinterpretAsInts()).sub(ROUND_BITS - 127)
          .lanewise(VectorOperators.LSHL, 23);
      FloatVector e = p14.mul(e14.reinterpretAsFloats());
      FloatVector u15 = e.div(e.add(2f));
      FloatVector w15 = u15.mul(u15);
      FloatVector lp = w15.mul(1f / 17f).add(1f / 15f).mul(w15).add(1f / 13f).mul(w15)
          .add(1f / 11f).mul(w15).add(1f / 9f).mul(w15).add(1f / 7f).mul(w15).add(1f / 5f)
          .mul(w15).add(1f / 3f).mul(w15).add(1f).mul(u15).mul(2f);
      V.cast(FloatVector.zero(S).blend(x, x.compare(VectorOperators.GT, 0f)).add(lp))
          .intoArray(h, ho + i);
      if (d1 != null) {
        // the logistic function from the same e = exp(-|x|): 1/(1+e) for x > 0, e/(1+e) else
        FloatVector inv = ONE.div(e.add(1f));
        V.cast(inv.blend(e.mul(inv), x.compare(VectorOperators.LE, 0f))).intoArray(d1, d1o + i);
      }
    }
    for (; i < len; i++) {
      float v = z[zo + i];
      if (d1 != null) {
        d1[d1o + i] = ScalarKernels.derivative(Activation.SOFTPLUS, v);
      }
      h[ho + i] = ScalarKernels.value(Activation.SOFTPLUS, v);
    }
  }

  /** Softplus's first and second derivatives. */
  private static void softplusDerivatives(
      float[] z, int zo, float[] d1, int d1o, float[] d2, int d2o, int len) {
    int i = 0;
    for (; i <= len - L; i += L) {
      FloatVector x = FloatVector.fromArray(S, z, zo + i);
      FloatVector negAbs = x.abs().neg();
      FloatVector ex16 = negAbs.blend(EXP_MIN, negAbs.compare(VectorOperators.LT, EXP_MIN))
          .blend(EXP_MAX, negAbs.compare(VectorOperators.GT, EXP_MAX));
      FloatVector sh16 = ex16.mul(LOG2E).add(ROUND);
      FloatVector k16 = sh16.sub(ROUND);
      FloatVector r16 = ex16.sub(k16.mul(LN2_HI)).sub(k16.mul(LN2_LO));
      FloatVector z16 = r16.mul(r16);
      FloatVector p16 = r16.mul(1.9875691500e-4f).add(1.3981999507e-3f).mul(r16)
          .add(8.3334519073e-3f).mul(r16).add(4.1665795894e-2f).mul(r16)
          .add(1.6666665459e-1f).mul(r16).add(5.0000001201e-1f).mul(z16).add(r16).add(1f);
      IntVector e16 = ((IntVector) sh16.reinterpretAsInts()).sub(ROUND_BITS - 127)
          .lanewise(VectorOperators.LSHL, 23);
      FloatVector e = p16.mul(e16.reinterpretAsFloats());
      FloatVector inv = ONE.div(e.add(1f));
      FloatVector s = inv.blend(e.mul(inv), x.compare(VectorOperators.LE, 0f));
      V.cast(s).intoArray(d1, d1o + i);
      V.cast(s.mul(ONE.sub(s))).intoArray(d2, d2o + i);
    }
    for (; i < len; i++) {
      float v = z[zo + i];
      d1[d1o + i] = ScalarKernels.derivative(Activation.SOFTPLUS, v);
      d2[d2o + i] = ScalarKernels.secondDerivative(Activation.SOFTPLUS, v);
    }
  }

  /** ReLU and (when d1 != null) its derivative. */
  private static void relu(
      float[] z, int zo, float[] h, int ho, float[] d1, int d1o, int len) {
    int i = 0;
    for (; i <= len - L; i += L) {
      FloatVector x = FloatVector.fromArray(S, z, zo + i);
      VectorMask<Float> pos = x.compare(VectorOperators.GT, 0f);
      V.cast(FloatVector.zero(S).blend(x, pos)).intoArray(h, ho + i);
      if (d1 != null) {
        V.cast(FloatVector.zero(S).blend(1f, pos)).intoArray(d1, d1o + i);
      }
    }
    for (; i < len; i++) {
      float v = z[zo + i];
      if (d1 != null) {
        d1[d1o + i] = ScalarKernels.derivative(Activation.RELU, v);
      }
      h[ho + i] = ScalarKernels.value(Activation.RELU, v);
    }
  }

  /** ReLU's first and second derivatives. */
  private static void reluDerivatives(
      float[] z, int zo, float[] d1, int d1o, float[] d2, int d2o, int len) {
    int i = 0;
    for (; i <= len - L; i += L) {
      FloatVector x = FloatVector.fromArray(S, z, zo + i);
      V.cast(FloatVector.zero(S).blend(1f, x.compare(VectorOperators.GT, 0f)))
          .intoArray(d1, d1o + i);
      V.cast(FloatVector.zero(S)).intoArray(d2, d2o + i);
    }
    for (; i < len; i++) {
      float v = z[zo + i];
      d1[d1o + i] = ScalarKernels.derivative(Activation.RELU, v);
      d2[d2o + i] = ScalarKernels.secondDerivative(Activation.RELU, v);
    }
  }

  private static final float LEAKY = (float) Activation.LEAKY_SLOPE;

  /** Leaky ReLU and (when d1 != null) its derivative. */
  private static void leakyRelu(
      float[] z, int zo, float[] h, int ho, float[] d1, int d1o, int len) {
    int i = 0;
    for (; i <= len - L; i += L) {
      FloatVector x = FloatVector.fromArray(S, z, zo + i);
      VectorMask<Float> pos = x.compare(VectorOperators.GT, 0f);
      V.cast(x.mul(LEAKY).blend(x, pos)).intoArray(h, ho + i);
      if (d1 != null) {
        V.cast(FloatVector.broadcast(S, LEAKY).blend(1f, pos)).intoArray(d1, d1o + i);
      }
    }
    for (; i < len; i++) {
      float v = z[zo + i];
      if (d1 != null) {
        d1[d1o + i] = ScalarKernels.derivative(Activation.LEAKY_RELU, v);
      }
      h[ho + i] = ScalarKernels.value(Activation.LEAKY_RELU, v);
    }
  }

  /** Leaky ReLU's first and second derivatives. */
  private static void leakyReluDerivatives(
      float[] z, int zo, float[] d1, int d1o, float[] d2, int d2o, int len) {
    int i = 0;
    for (; i <= len - L; i += L) {
      FloatVector x = FloatVector.fromArray(S, z, zo + i);
      V.cast(FloatVector.broadcast(S, LEAKY).blend(1f, x.compare(VectorOperators.GT, 0f)))
          .intoArray(d1, d1o + i);
      V.cast(FloatVector.zero(S)).intoArray(d2, d2o + i);
    }
    for (; i < len; i++) {
      float v = z[zo + i];
      d1[d1o + i] = ScalarKernels.derivative(Activation.LEAKY_RELU, v);
      d2[d2o + i] = ScalarKernels.secondDerivative(Activation.LEAKY_RELU, v);
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
      V.cast(mi).intoArray(m, i);
      V.cast(vi).intoArray(v, i);
      FloatVector denom = vi.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
      V.cast(wi.sub(mi.div(denom).mul(stepSize))).intoArray(w, i);
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
