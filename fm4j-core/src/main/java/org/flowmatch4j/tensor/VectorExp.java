package org.flowmatch4j.tensor;

import static org.flowmatch4j.tensor.Exp.BIAS;
import static org.flowmatch4j.tensor.Exp.C10;
import static org.flowmatch4j.tensor.Exp.C11;
import static org.flowmatch4j.tensor.Exp.C12;
import static org.flowmatch4j.tensor.Exp.C13;
import static org.flowmatch4j.tensor.Exp.C2;
import static org.flowmatch4j.tensor.Exp.C3;
import static org.flowmatch4j.tensor.Exp.C4;
import static org.flowmatch4j.tensor.Exp.C5;
import static org.flowmatch4j.tensor.Exp.C6;
import static org.flowmatch4j.tensor.Exp.C7;
import static org.flowmatch4j.tensor.Exp.C8;
import static org.flowmatch4j.tensor.Exp.C9;
import static org.flowmatch4j.tensor.Exp.LN2_HI;
import static org.flowmatch4j.tensor.Exp.LN2_LO;
import static org.flowmatch4j.tensor.Exp.LOG2E;
import static org.flowmatch4j.tensor.Exp.SHIFT;
import static org.flowmatch4j.tensor.Exp.SHIFT_BITS;
import static org.flowmatch4j.tensor.Exp.X_MAX;
import static org.flowmatch4j.tensor.Exp.X_MIN;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Exp#exp} lane by lane on a {@link DoubleVector}: the same operations in the same order,
 * so every lane has the bits of the scalar {@link Exp#exp} of its input, interpreted or compiled
 * (unlike {@code lanewise(VectorOperators.EXP)}). Loaded only where the module {@code
 * jdk.incubator.vector} is present.
 */
public final class VectorExp {
  /** The shape of every vector {@link #exp} takes and returns. */
  public static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  /** The integral lanes of {@link #SPECIES}: the same shape, as longs. */
  private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;

  private VectorExp() {}

  /**
   * e^x in every lane of {@code x}, a vector of {@link #SPECIES}; see {@link Exp} for the method
   * and special values.
   * The work is split into three methods, each small enough for C2 to inline at a hot call site
   * (a single method of this length is not inlined, and a call that is not inlined boxes its
   * vectors).
   */
  public static DoubleVector exp(DoubleVector x) {
    DoubleVector xc = x.max(X_MIN).min(X_MAX);
    DoubleVector t = xc.fma(LOG2E, SHIFT);
    DoubleVector kd = t.sub(SHIFT);
    DoubleVector r = kd.fma(x.broadcast(-LN2_HI), xc);
    r = kd.fma(x.broadcast(-LN2_LO), r);
    return scale(taylor(r), t);
  }

  /** e^r for |r| <= ln2 / 2 by the Taylor polynomial of degree 13, Horner with fused multiply-adds. */
  private static DoubleVector taylor(DoubleVector r) {
    DoubleVector p = r.fma(C13, C12);
    p = p.fma(r, r.broadcast(C11));
    p = p.fma(r, r.broadcast(C10));
    p = p.fma(r, r.broadcast(C9));
    p = p.fma(r, r.broadcast(C8));
    p = p.fma(r, r.broadcast(C7));
    p = p.fma(r, r.broadcast(C6));
    p = p.fma(r, r.broadcast(C5));
    p = p.fma(r, r.broadcast(C4));
    p = p.fma(r, r.broadcast(C3));
    p = p.fma(r, r.broadcast(C2));
    p = p.fma(r, r.broadcast(1.0));
    return p.fma(r, r.broadcast(1.0));
  }

  /**
   * p 2^k as (p 2^k1) 2^k2, k1 = floor(k / 2), k2 = k - k1, with k in the low bits of t - SHIFT.
   * The bits are reinterpreted with {@code reinterpretShape} to a constant species: {@code
   * viewAsFloatingLanes} looks its species up at run time, and C2 does not always fold that
   * look-up, which leaves the reinterpretation a call that boxes its vectors.
   */
  private static DoubleVector scale(DoubleVector p, DoubleVector t) {
    LongVector k = ((LongVector) t.reinterpretShape(LONGS, 0)).sub(SHIFT_BITS);
    LongVector k1 = k.lanewise(VectorOperators.ASHR, 1);
    LongVector k2 = k.sub(k1);
    DoubleVector s1 = (DoubleVector) k1.add(BIAS).lanewise(VectorOperators.LSHL, 52).reinterpretShape(SPECIES, 0);
    DoubleVector s2 = (DoubleVector) k2.add(BIAS).lanewise(VectorOperators.LSHL, 52).reinterpretShape(SPECIES, 0);
    return p.mul(s1).mul(s2);
  }
}
