package org.flowmatch4j.tensor;

/**
 * {@code exp(x)} in double precision from exactly rounded operations only (multiply, fused
 * multiply-add, subtract, min/max, integer bit operations), so that it gives the same bits
 * wherever it runs: interpreted, compiled by C1 or C2, and lane by lane in {@link VectorExp},
 * which performs the same operations in the same order. {@code Math.exp} and {@code
 * lanewise(EXP)} do not promise that: the latter is an Intel SVML stub in C2-compiled code and a
 * per-lane {@code Math.exp} elsewhere, and the two differ in the last bit.
 *
 * <p>Method: x is clamped to [{@link #X_MIN}, {@link #X_MAX}] (NaN stays NaN); Cody-Waite
 * reduction {@code x = k ln2 + r} with {@code k = round(x log2(e))} (the sum {@code x log2(e) +
 * 1.5 * 2^52}, one rounding in a fused multiply-add, holds k in its low bits) and ln2 split as
 * {@code LN2_HI + LN2_LO}, where {@code k * LN2_HI} is exact, so {@code |r| <= ln2 / 2} (plus a
 * few ulps); {@code e^r} by the Taylor polynomial of degree 13 in Horner form with fused
 * multiply-adds (truncation error {@code (ln2/2)^14 / 14! < 5e-18}); then {@code e^r 2^k} as
 * {@code (e^r 2^k1) 2^k2} with {@code k1 = floor(k / 2)}, {@code k2 = k - k1}, both powers of two
 * normal numbers built from exponent bits, the first product exact, so the result is rounded once
 * even where it is subnormal.
 *
 * <p>Special values: NaN gives NaN, +infinity and every x whose exponential exceeds {@code
 * Double.MAX_VALUE} give +infinity, -infinity and every x below about -745.13 give +0, and the
 * subnormal range (x between about -745.13 and -708.4) is computed with gradual underflow, not
 * flushed to zero. The error is within 1 ulp of {@code StrictMath.exp} (tested).
 */
public final class Exp {
  /** log2(e) rounded to double. */
  static final double LOG2E = 1.4426950408889634;
  /** The high part of ln 2: its last 21 significand bits are zero, so k LN2_HI is exact. */
  static final double LN2_HI = 6.93147180369123816490e-01;
  /** ln 2 - LN2_HI. */
  static final double LN2_LO = 1.90821492927058770002e-10;
  /** 1.5 * 2^52: adding it rounds a double of magnitude below 2^51 to an integer held in the low bits. */
  static final double SHIFT = 0x1.8p52;
  static final long SHIFT_BITS = Double.doubleToRawLongBits(SHIFT);
  /** Below this the exponential rounds to 0 (exp(-746) < 2^-1075). */
  static final double X_MIN = -746;
  /** Above this the exponential overflows (exp(710) > Double.MAX_VALUE). */
  static final double X_MAX = 710;
  /** The exponent bias of doubles. */
  static final long BIAS = 1023;
  /** The Taylor coefficients 1 / n! for n = 2, ..., 13. */
  static final double C2 = 1.0 / 2;
  static final double C3 = 1.0 / 6;
  static final double C4 = 1.0 / 24;
  static final double C5 = 1.0 / 120;
  static final double C6 = 1.0 / 720;
  static final double C7 = 1.0 / 5040;
  static final double C8 = 1.0 / 40320;
  static final double C9 = 1.0 / 362880;
  static final double C10 = 1.0 / 3628800;
  static final double C11 = 1.0 / 39916800;
  static final double C12 = 1.0 / 479001600;
  static final double C13 = 1.0 / 6227020800.0;

  private Exp() {}

  /** e^x; the same bits as each lane of {@link VectorExp#exp}. */
  public static double exp(double x) {
    double xc = Math.min(Math.max(x, X_MIN), X_MAX);
    double t = Math.fma(xc, LOG2E, SHIFT);
    double kd = t - SHIFT;
    double r = Math.fma(kd, -LN2_HI, xc);
    r = Math.fma(kd, -LN2_LO, r);
    double p = Math.fma(r, C13, C12);
    p = Math.fma(p, r, C11);
    p = Math.fma(p, r, C10);
    p = Math.fma(p, r, C9);
    p = Math.fma(p, r, C8);
    p = Math.fma(p, r, C7);
    p = Math.fma(p, r, C6);
    p = Math.fma(p, r, C5);
    p = Math.fma(p, r, C4);
    p = Math.fma(p, r, C3);
    p = Math.fma(p, r, C2);
    p = Math.fma(p, r, 1.0);
    p = Math.fma(p, r, 1.0);
    long k = Double.doubleToRawLongBits(t) - SHIFT_BITS;
    long k1 = k >> 1;
    long k2 = k - k1;
    return p * Double.longBitsToDouble((k1 + BIAS) << 52) * Double.longBitsToDouble((k2 + BIAS) << 52);
  }
}
