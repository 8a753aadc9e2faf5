package org.flowmatch4j.metrics;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.flowmatch4j.tensor.VectorExp;

/**
 * The Vector API loops of {@link Mmd}, loaded only when the module {@code jdk.incubator.vector}
 * is present; {@link Mmd} finishes every loop, or runs all of it, with scalar code. Exponentials
 * are {@link VectorExp#exp}, lane for lane the bits of the scalar {@link
 * org.flowmatch4j.tensor.Exp#exp}.
 */
final class VectorMmd {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  private VectorMmd() {}

  /** The end of the whole vectors in {@code [0, len)}. */
  static int end(int len) {
    return len - len % LANES;
  }

  /** sq[j] += (p - q[off + j])^2 over whole vectors of j in [0, len); returns where it stopped. */
  static int addSquaredDifferences(double p, double[] q, int off, double[] sq, int len) {
    int j = 0;
    for (; j <= len - LANES; j += LANES) {
      DoubleVector t = DoubleVector.fromArray(SPECIES, q, off + j).neg().add(p);
      DoubleVector.fromArray(SPECIES, sq, j).add(t.mul(t)).intoArray(sq, j);
    }
    return j;
  }

  /** sum_j exp(a sq[j]) over j in [0, end), end a multiple of the vector length. */
  static double sumExp(double[] sq, double a, int end) {
    DoubleVector acc = DoubleVector.zero(SPECIES);
    for (int j = 0; j < end; j += LANES) {
      acc = acc.add(VectorExp.exp(DoubleVector.fromArray(SPECIES, sq, j).mul(a)));
    }
    return acc.reduceLanes(VectorOperators.ADD);
  }
}
