package org.flowmatch4j.ot;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of {@link Assignment}, on its rows padded to whole vectors with
 * +infinity. Loaded only when the module {@code jdk.incubator.vector} is present ({@link
 * Points#VECTOR}); {@link Assignment} has a scalar loop for each that gives the same result (the
 * same minima, ties to the lowest column).
 *
 * <p>Minima are taken on the bit patterns of non-negative floating point numbers (which order
 * like integers), or on order-preserving keys where values of any sign occur. Only the preferred
 * species are used: a vector of another shape makes the JIT fall back to the non-intrinsic Vector
 * API code here and in every other kernel of the process.
 */
final class VectorAssignment {
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
  /** Doubles per vector. */
  static final int DOUBLES = D.length();
  /** Floats per vector. */
  static final int FLOATS = F.length();
  /*
   * The exact classes of the species' vectors. Every store casts its vector to one first, as the
   * matrix-product kernels do (VectorGemm): C2 otherwise takes a loop-carried vector's class and
   * species from the Vector API's shared type profiles, and in some fresh JVMs left a store as a
   * call on a vector boxed on the heap (bench/intrinsics.sh). The casts change no value.
   */
  @SuppressWarnings("unchecked")
  private static final Class<? extends DoubleVector> DV = (Class<? extends DoubleVector>) D.vectorType();
  @SuppressWarnings("unchecked")
  private static final Class<? extends LongVector> LV = (Class<? extends LongVector>) L.vectorType();
  @SuppressWarnings("unchecked")
  private static final Class<? extends FloatVector> FV = (Class<? extends FloatVector>) F.vectorType();
  @SuppressWarnings("unchecked")
  private static final Class<? extends IntVector> IV = (Class<? extends IntVector>) I.vectorType();

  private VectorAssignment() {}

  /** Row i of the costs from the points ({@link Assignment#squaredDistances}), whole stride. */
  static void squaredDistancesRow(Assignment a, int i, int d, boolean root) {
    int s = a.stride;
    double[] x = a.xBuf;
    double[] yt = a.ytBuf;
    int row = i * s;
    int xi = i * d;
    for (int j = 0; j < s; j += DOUBLES) {
      DoubleVector acc = DoubleVector.zero(D);
      for (int k = 0; k < d; k++) {
        DoubleVector t = DoubleVector.fromArray(D, yt, k * s + j).neg().add(x[xi + k]);
        acc = acc.add(t.mul(t));
      }
      if (root) {
        acc = acc.sqrt();
      }
      DV.cast(acc).intoArray(a.c, row + j);
    }
  }

  /**
   * range[0] = min(range[0], c[row + j]) and range[1] = max(range[1], c[row + j]) over whole
   * vectors of j in [0, n); returns where it stopped.
   */
  static int minMax(double[] c, int row, int n, double[] range) {
    DoubleVector mn = DoubleVector.broadcast(D, range[0]);
    DoubleVector mx = DoubleVector.broadcast(D, range[1]);
    int j = 0;
    for (; j + DOUBLES <= n; j += DOUBLES) {
      DoubleVector w = DoubleVector.fromArray(D, c, row + j);
      mn = mn.min(w);
      mx = mx.max(w);
    }
    range[0] = mn.reduceLanes(VectorOperators.MIN);
    range[1] = mx.reduceLanes(VectorOperators.MAX);
    return j;
  }

  /** pf[k] = min(pf[k], cf[rowF + k]) over the float stride. */
  static void columnMinima(Assignment a, int rowF) {
    float[] cf = a.cf;
    float[] pf = a.pf;
    for (int k = 0; k < a.fstride; k += FLOATS) {
      FV.cast(FloatVector.fromArray(F, cf, rowF + k).min(FloatVector.fromArray(F, pf, k))).intoArray(pf, k);
    }
  }

  /** {@link Assignment#bestTwo}. */
  static int bestTwo(Assignment a, int rowF) {
    float[] cf = a.cf;
    float[] pf = a.pf;
    IntVector m1 = IntVector.broadcast(I, Integer.MAX_VALUE);
    IntVector m2 = m1;
    IntVector first = IntVector.zero(I);
    for (int j = 0; j < a.fstride; j += FLOATS) {
      IntVector w = FloatVector.fromArray(F, cf, rowF + j).add(FloatVector.fromArray(F, pf, j)).viewAsIntegralLanes();
      VectorMask<Integer> lower = w.lt(m1);
      m2 = m2.min(m1.max(w));
      m1 = m1.min(w);
      first = first.blend(j, lower);
    }
    int b1 = m1.reduceLanes(VectorOperators.MIN);
    int b2 = m2.reduceLanes(VectorOperators.MIN);
    VectorMask<Integer> at = m1.eq(b1);
    IV.cast(first).intoArray(a.firstF, 0);
    int j1;
    if (at.trueCount() == 1) {
      int l = at.firstTrue();
      j1 = a.firstF[l] + l;
      b2 = Math.min(b2, m1.blend(Integer.MAX_VALUE, at).reduceLanes(VectorOperators.MIN));
    } else {
      b2 = b1;
      IV.cast(m1).intoArray(a.keysF, 0);
      j1 = Integer.MAX_VALUE;
      for (int l = 0; l < FLOATS; l++) {
        if (a.keysF[l] == b1) {
          j1 = Math.min(j1, a.firstF[l] + l);
        }
      }
    }
    a.best1 = Float.intBitsToFloat(b1);
    a.best2 = Float.intBitsToFloat(b2);
    return j1;
  }

  /** {@link Assignment#minPricedF}: the bit pattern of the minimum. */
  static int minPricedF(Assignment a, int rowF) {
    float[] cf = a.cf;
    float[] pf = a.pf;
    IntVector m = IntVector.broadcast(I, Integer.MAX_VALUE);
    for (int j = 0; j < a.fstride; j += FLOATS) {
      m = m.min(FloatVector.fromArray(F, cf, rowF + j).add(FloatVector.fromArray(F, pf, j)).viewAsIntegralLanes());
    }
    return m.reduceLanes(VectorOperators.MIN);
  }

  /** {@link Assignment#minReducedF}: the order-preserving key of the minimum. */
  static int minReducedKeyF(Assignment a, int rowF) {
    float[] cf = a.cf;
    float[] vf = a.vf;
    IntVector m = IntVector.broadcast(I, Integer.MAX_VALUE);
    for (int j = 0; j < a.fstride; j += FLOATS) {
      IntVector w = FloatVector.fromArray(F, cf, rowF + j).sub(FloatVector.fromArray(F, vf, j)).viewAsIntegralLanes();
      m = m.min(w.lanewise(VectorOperators.XOR, w.lanewise(VectorOperators.ASHR, 31).lanewise(VectorOperators.LSHR, 1)));
    }
    return m.reduceLanes(VectorOperators.MIN);
  }

  /** {@link Assignment#relaxF}. */
  static int relaxF(Assignment a, int rowF, float h) {
    float[] cf = a.cf;
    float[] vfScan = a.vfScan;
    float[] distF = a.distF;
    FloatVector hv = FloatVector.broadcast(F, h);
    IntVector zero = IntVector.zero(I);
    IntVector m = IntVector.broadcast(I, Integer.MAX_VALUE);
    for (int j = 0; j < a.fstride; j += FLOATS) {
      IntVector nd =
          IV.cast(FloatVector.fromArray(F, cf, rowF + j)
              .sub(FloatVector.fromArray(F, vfScan, j))
              .add(hv)
              .viewAsIntegralLanes())
              .max(zero);
      IntVector dn = IV.cast(FloatVector.fromArray(F, distF, j).viewAsIntegralLanes()).min(nd);
      FV.cast(dn.viewAsFloatingLanes()).intoArray(distF, j);
      m = IV.cast(m.min(dn));
    }
    int b = m.reduceLanes(VectorOperators.MIN);
    int j = 0;
    while (true) {
      VectorMask<Integer> at = FloatVector.fromArray(F, distF, j).viewAsIntegralLanes().eq(b);
      if (at.anyTrue()) {
        a.muF = Float.intBitsToFloat(b);
        return j + at.firstTrue();
      }
      j += FLOATS;
    }
  }

  /** {@link Assignment#minReduced}: the order-preserving key of the minimum. */
  static long minReducedKey(Assignment a, int row) {
    double[] c = a.c;
    double[] v = a.v;
    LongVector m = LongVector.broadcast(L, Long.MAX_VALUE);
    for (int j = 0; j < a.stride; j += DOUBLES) {
      LongVector w = DoubleVector.fromArray(D, c, row + j).sub(DoubleVector.fromArray(D, v, j)).viewAsIntegralLanes();
      m = m.min(w.lanewise(VectorOperators.XOR, w.lanewise(VectorOperators.ASHR, 63).lanewise(VectorOperators.LSHR, 1)));
    }
    return m.reduceLanes(VectorOperators.MIN);
  }

  /** {@link Assignment#relax}. */
  static int relax(Assignment a, int row, double h) {
    int s = a.stride;
    double[] c = a.c;
    double[] vScan = a.vScan;
    double[] dist = a.dist;
    DoubleVector hv = DoubleVector.broadcast(D, h);
    LongVector zero = LongVector.zero(L);
    LongVector m = LongVector.broadcast(L, Long.MAX_VALUE);
    for (int j = 0; j < s; j += DOUBLES) {
      LongVector nd =
          DoubleVector.fromArray(D, c, row + j)
              .sub(DoubleVector.fromArray(D, vScan, j))
              .add(hv)
              .viewAsIntegralLanes()
              .max(zero);
      LongVector dn = DoubleVector.fromArray(D, dist, j).viewAsIntegralLanes().min(nd);
      DV.cast(dn.viewAsFloatingLanes()).intoArray(dist, j);
      m = m.min(dn);
    }
    long b = m.reduceLanes(VectorOperators.MIN);
    LV.cast(m).intoArray(a.keys, 0);
    int arg = Integer.MAX_VALUE;
    for (int l = 0; l < DOUBLES; l++) {
      if (a.keys[l] == b) {
        for (int k = l; k < s; k += DOUBLES) {
          if (Double.doubleToRawLongBits(dist[k]) == b) {
            arg = Math.min(arg, k);
            break;
          }
        }
      }
    }
    a.mu = Double.longBitsToDouble(b);
    return arg;
  }
}
