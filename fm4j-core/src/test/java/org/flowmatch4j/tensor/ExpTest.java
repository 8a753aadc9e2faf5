package org.flowmatch4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Exp#exp} against {@code StrictMath.exp} (fdlibm): within 1 ulp, special values exact. */
class ExpTest {

  /** |exp(x) - StrictMath.exp(x)| in units of the last place of the latter. */
  private static double ulps(double x) {
    double want = StrictMath.exp(x);
    double got = Exp.exp(x);
    if (Double.isInfinite(want) || want == 0) {
      assertEquals(want, got, "exp(" + x + ")");
      return 0;
    }
    return Math.abs(got - want) / Math.ulp(want);
  }

  private static double maxUlps(double lo, double hi, int count, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double worst = 0;
    for (int k = 0; k < count; k++) {
      double x = lo + (hi - lo) * rng.nextDouble();
      worst = Math.max(worst, ulps(x));
    }
    return worst;
  }

  @Test
  void isWithinOneUlpOfStrictMathOverTheWholeRange() {
    assertTrue(maxUlps(-745.2, 709.8, 200_000, 1) <= 1, "normal and subnormal results");
    assertTrue(maxUlps(-1, 1, 200_000, 2) <= 1, "near 0");
    assertTrue(maxUlps(-60, 0, 200_000, 3) <= 1, "the Sinkhorn kernels' range");
    assertTrue(maxUlps(-745.2, -708, 100_000, 4) <= 1, "subnormal results");
  }

  @Test
  void isWithinOneUlpAtTheReductionBoundariesAndTheExtremes() {
    double worst = 0;
    for (int k = -1075; k <= 1024; k++) {
      double center = k * Math.log(2);
      double half = (k + 0.5) * Math.log(2);
      for (double x : new double[] {center, half, Math.nextUp(half), Math.nextDown(half)}) {
        worst = Math.max(worst, ulps(x));
      }
    }
    for (double x : new double[] {
        709.782712893384, Math.nextUp(709.782712893384), -708.3964185322641, -745.1332191019411,
        -745.1332191019412, -745.14, 1e-300, -1e-300, Double.MIN_VALUE, 0x1p-54, -0x1p-54, 1, -1}) {
      worst = Math.max(worst, ulps(x));
    }
    assertTrue(worst <= 1, "worst " + worst + " ulp");
  }

  @Test
  void specialValues() {
    assertTrue(Double.isNaN(Exp.exp(Double.NaN)));
    assertEquals(Double.POSITIVE_INFINITY, Exp.exp(Double.POSITIVE_INFINITY));
    assertEquals(0.0, Exp.exp(Double.NEGATIVE_INFINITY));
    assertEquals(1.0, Exp.exp(0.0));
    assertEquals(1.0, Exp.exp(-0.0));
    assertEquals(Double.POSITIVE_INFINITY, Exp.exp(710));
    assertEquals(Double.POSITIVE_INFINITY, Exp.exp(Double.MAX_VALUE));
    assertEquals(0.0, Exp.exp(-746));
    assertEquals(0.0, Exp.exp(-Double.MAX_VALUE));
    assertEquals(Double.MIN_VALUE, Exp.exp(-745.1332191019411), "gradual underflow down to 2^-1074");
  }
}
