package org.flowmatch4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementary functions on float vectors built only from exactly rounded operations (add, multiply,
 * fused multiply-add, divide, conversions and bit operations).
 *
 * <p>Why not {@code lanewise(EXP)}: the Vector API computes transcendental functions with an
 * intrinsic (Intel SVML) in C2-compiled code but with {@code Math.exp} in the interpreter and in
 * C1 code, and the two differ in the last bit. Results would then depend on how far the JIT has
 * got, which breaks bit-for-bit reproducibility. The same holds for the lane order of {@code
 * reduceLanes}, hence {@link #sumLanes}. Every function here gives the same bits in every
 * execution mode. Accuracy is within a few float ulps over the ranges the activations use
 * (checked against double precision in the tests).
 */
final class VectorMath {
  private static final VectorSpecies<Float> S = VectorGemm.S;
  private static final int L = S.length();

  private static final float LOG2E = 1.44269504088896341f;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  private static final float EXP_MAX = 88.3762626647949f;
  private static final float EXP_MIN = -87.3365478515625f;
  /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
  private static final float ROUND = 12582912f;
  private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
  private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[L]);

  private VectorMath() {}

  /**
   * {@code exp(x)}: Cody-Waite reduction {@code x = k ln2 + r}, k = round(x / ln2), a degree-6
   * polynomial for {@code exp(r)} (Cephes expf coefficients) and scaling by {@code 2^k} through the
   * exponent bits. Arguments are clamped to [-87.34, 88.38], so the result is never 0 or infinite.
   */
  static FloatVector exp(FloatVector x) {
    x = x.max(EXP_MIN).min(EXP_MAX);
    FloatVector shifted = x.mul(LOG2E).add(ROUND);
    FloatVector k = shifted.sub(ROUND);
    FloatVector r = x.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
    FloatVector z = r.mul(r);
    FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f);
    p = p.mul(r).add(8.3334519073e-3f);
    p = p.mul(r).add(4.1665795894e-2f);
    p = p.mul(r).add(1.6666665459e-1f);
    p = p.mul(r).add(5.0000001201e-1f);
    p = p.mul(z).add(r).add(1f);
    // the low bits of ROUND + k hold k: 2^k is built from them without a float-to-int
    // conversion (which JDK 17 does not compile to vector code)
    IntVector e = ((IntVector) shifted.reinterpretAsInts()).sub(ROUND_BITS - 127)
        .lanewise(VectorOperators.LSHL, 23);
    return p.mul(e.reinterpretAsFloats());
  }

  /**
   * {@code exp(x) - 1}, accurate near 0: a degree-8 Taylor polynomial for |x| < 0.5, {@code
   * exp(x) - 1} elsewhere.
   */
  static FloatVector expm1(FloatVector x) {
    FloatVector p = x.mul(1f / 40320f).add(1f / 5040f);
    p = p.mul(x).add(1f / 720f);
    p = p.mul(x).add(1f / 120f);
    p = p.mul(x).add(1f / 24f);
    p = p.mul(x).add(1f / 6f);
    p = p.mul(x).add(0.5f);
    p = p.mul(x).add(1f);
    p = p.mul(x);
    VectorMask<Float> small = x.abs().compare(VectorOperators.LT, 0.5f);
    return exp(x).sub(1f).blend(p, small);
  }

  /** {@code tanh(x) = sign(x) (-m) / (2 + m)} with {@code m = expm1(-2 |x|)}. */
  static FloatVector tanh(FloatVector x) {
    FloatVector m = expm1(x.abs().mul(-2f));
    FloatVector t = m.neg().div(m.add(2f));
    return t.blend(t.neg(), x.compare(VectorOperators.LT, 0f));
  }

  /** The logistic function {@code 1 / (1 + exp(-x))}. */
  static FloatVector sigmoid(FloatVector x) {
    return FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
  }

  /**
   * {@code log(1 + u)} for u in [0, 1]: {@code 2 atanh(s)} with {@code s = u / (2 + u)} in [0,
   * 1/3], summed as an odd series to s^17.
   */
  static FloatVector log1pUnit(FloatVector u) {
    FloatVector s = u.div(u.add(2f));
    FloatVector z = s.mul(s);
    FloatVector p = z.mul(1f / 17f).add(1f / 15f);
    p = p.mul(z).add(1f / 13f);
    p = p.mul(z).add(1f / 11f);
    p = p.mul(z).add(1f / 9f);
    p = p.mul(z).add(1f / 7f);
    p = p.mul(z).add(1f / 5f);
    p = p.mul(z).add(1f / 3f);
    p = p.mul(z).add(1f);
    return p.mul(s).mul(2f);
  }

  /** The lanes summed from lane 0 upwards (a fixed order, unlike {@code reduceLanes}). */
  static float sumLanes(FloatVector v) {
    float[] lanes = LANES.get();
    v.intoArray(lanes, 0);
    float s = 0f;
    for (int i = 0; i < L; i++) {
      s += lanes[i];
    }
    return s;
  }
}
