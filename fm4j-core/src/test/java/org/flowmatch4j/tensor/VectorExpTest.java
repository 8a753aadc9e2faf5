package org.flowmatch4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorExp#exp} gives, lane by lane, the bits of the scalar {@link Exp#exp}: on random
 * inputs with special values mixed into the lanes, through enough calls for the JIT to compile the
 * loop, and for every length up to a few vectors with the tail finished by the scalar function.
 */
class VectorExpTest {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final double[] SPECIAL = {
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 710, -746,
      709.782712893384, -745.1332191019411, -708.5, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE};

  private static double[] inputs(int len, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[len];
    for (int k = 0; k < len; k++) {
      int pick = rng.nextInt(10);
      x[k] = pick == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)]
          : pick < 5 ? -60 * rng.nextDouble()
          : -760 + 1480 * rng.nextDouble();
    }
    return x;
  }

  /** Whole vectors with {@link VectorExp}, the rest with {@link Exp}, as the solvers' loops do. */
  private static double[] vectorLoop(double[] x) {
    double[] out = new double[x.length];
    int k = 0;
    for (; k <= x.length - L; k += L) {
      VectorExp.exp(DoubleVector.fromArray(S, x, k)).intoArray(out, k);
    }
    for (; k < x.length; k++) {
      out[k] = Exp.exp(x[k]);
    }
    return out;
  }

  private static void assertSameBits(double[] x, double[] got) {
    for (int k = 0; k < x.length; k++) {
      assertEquals(Double.doubleToRawLongBits(Exp.exp(x[k])), Double.doubleToRawLongBits(got[k]),
          "exp(" + x[k] + ") at " + k);
    }
  }

  @Test
  void lanesHaveTheScalarBitsBeforeAndAfterCompilation() {
    double[] x = inputs(1 << 14, 5);
    for (int round = 0; round < 12; round++) {
      assertSameBits(x, vectorLoop(x));
    }
  }

  @Test
  void everyLengthWithItsTail() {
    for (int len = 0; len <= 4 * L + 3; len++) {
      double[] x = inputs(len, 100 + len);
      assertSameBits(x, vectorLoop(x));
    }
  }
}
