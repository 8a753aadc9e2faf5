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

/**
 * {@link Exp#exp} lane by lane on a {@link DoubleVector}: the same operations in the same order,
 * so every lane has the bits of the scalar {@link Exp#exp} of its input, interpreted or compiled
 * (unlike {@code lanewise(VectorOperators.EXP)}). Loaded only where the module {@code
 * jdk.incubator.vector} is present.
 */
public final class VectorExp {
  private VectorExp() {}

  /** e^x in every lane of {@code x} (any shape); see {@link Exp} for the method and special values. */
  public static DoubleVector exp(DoubleVector x) {
    DoubleVector xc = x.max(X_MIN).min(X_MAX);
    DoubleVector t = xc.fma(LOG2E, SHIFT);
    DoubleVector kd = t.sub(SHIFT);
    DoubleVector r = kd.fma(x.broadcast(-LN2_HI), xc);
    r = kd.fma(x.broadcast(-LN2_LO), r);
    DoubleVector p = r.fma(C13, C12);
    p = p.fma(r, x.broadcast(C11));
    p = p.fma(r, x.broadcast(C10));
    p = p.fma(r, x.broadcast(C9));
    p = p.fma(r, x.broadcast(C8));
    p = p.fma(r, x.broadcast(C7));
    p = p.fma(r, x.broadcast(C6));
    p = p.fma(r, x.broadcast(C5));
    p = p.fma(r, x.broadcast(C4));
    p = p.fma(r, x.broadcast(C3));
    p = p.fma(r, x.broadcast(C2));
    p = p.fma(r, x.broadcast(1.0));
    p = p.fma(r, x.broadcast(1.0));
    LongVector k = ((LongVector) t.viewAsIntegralLanes()).sub(SHIFT_BITS);
    LongVector k1 = k.lanewise(VectorOperators.ASHR, 1);
    LongVector k2 = k.sub(k1);
    DoubleVector s1 = (DoubleVector) k1.add(BIAS).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
    DoubleVector s2 = (DoubleVector) k2.add(BIAS).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
    return p.mul(s1).mul(s2);
  }
}
