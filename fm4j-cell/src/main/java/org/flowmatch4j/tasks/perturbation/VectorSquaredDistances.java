package org.flowmatch4j.tasks.perturbation;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked Vector API kernel of {@link SquaredDistances}: dot products of two rows of
 * x against four rows of y per pass. Loaded only when the module {@code jdk.incubator.vector} is
 * present; {@link SquaredDistances} computes the same dot products with scalar loops otherwise.
 */
final class VectorSquaredDistances {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

  private VectorSquaredDistances() {}

  /** Dot products of rows i0..i1 of x with every row of y, into out. */
  static void block(double[] x, int i0, int i1, double[] y, int m, int d, double[] out) {
    int len = S.length();
    int kv = d - d % len;
    int i = i0;
    for (; i + 2 <= i1; i += 2) {
      int a0 = i * d;
      int a1 = a0 + d;
      int j = 0;
      for (; j + 4 <= m; j += 4) {
        int b0 = j * d;
        int b1 = b0 + d;
        int b2 = b1 + d;
        int b3 = b2 + d;
        DoubleVector s00 = DoubleVector.zero(S), s01 = DoubleVector.zero(S), s02 = DoubleVector.zero(S),
            s03 = DoubleVector.zero(S), s10 = DoubleVector.zero(S), s11 = DoubleVector.zero(S),
            s12 = DoubleVector.zero(S), s13 = DoubleVector.zero(S);
        for (int k = 0; k < kv; k += len) {
          DoubleVector u0 = DoubleVector.fromArray(S, x, a0 + k);
          DoubleVector u1 = DoubleVector.fromArray(S, x, a1 + k);
          DoubleVector v0 = DoubleVector.fromArray(S, y, b0 + k);
          DoubleVector v1 = DoubleVector.fromArray(S, y, b1 + k);
          DoubleVector v2 = DoubleVector.fromArray(S, y, b2 + k);
          DoubleVector v3 = DoubleVector.fromArray(S, y, b3 + k);
          s00 = u0.fma(v0, s00);
          s01 = u0.fma(v1, s01);
          s02 = u0.fma(v2, s02);
          s03 = u0.fma(v3, s03);
          s10 = u1.fma(v0, s10);
          s11 = u1.fma(v1, s11);
          s12 = u1.fma(v2, s12);
          s13 = u1.fma(v3, s13);
        }
        double[] t = {s00.reduceLanes(VectorOperators.ADD), s01.reduceLanes(VectorOperators.ADD),
            s02.reduceLanes(VectorOperators.ADD), s03.reduceLanes(VectorOperators.ADD),
            s10.reduceLanes(VectorOperators.ADD), s11.reduceLanes(VectorOperators.ADD),
            s12.reduceLanes(VectorOperators.ADD), s13.reduceLanes(VectorOperators.ADD)};
        for (int k = kv; k < d; k++) {
          double u0 = x[a0 + k];
          double u1 = x[a1 + k];
          t[0] += u0 * y[b0 + k];
          t[1] += u0 * y[b1 + k];
          t[2] += u0 * y[b2 + k];
          t[3] += u0 * y[b3 + k];
          t[4] += u1 * y[b0 + k];
          t[5] += u1 * y[b1 + k];
          t[6] += u1 * y[b2 + k];
          t[7] += u1 * y[b3 + k];
        }
        for (int q = 0; q < 4; q++) {
          out[i * m + j + q] = t[q];
          out[(i + 1) * m + j + q] = t[4 + q];
        }
      }
      for (; j < m; j++) {
        out[i * m + j] = dot(x, a0, y, j * d, d);
        out[(i + 1) * m + j] = dot(x, a1, y, j * d, d);
      }
    }
    for (; i < i1; i++) {
      for (int j = 0; j < m; j++) {
        out[i * m + j] = dot(x, i * d, y, j * d, d);
      }
    }
  }

  private static double dot(double[] x, int xo, double[] y, int yo, int d) {
    int len = S.length();
    int kv = d - d % len;
    DoubleVector s = DoubleVector.zero(S);
    for (int k = 0; k < kv; k += len) {
      s = DoubleVector.fromArray(S, x, xo + k).fma(DoubleVector.fromArray(S, y, yo + k), s);
    }
    double t = s.reduceLanes(VectorOperators.ADD);
    for (int k = kv; k < d; k++) {
      t += x[xo + k] * y[yo + k];
    }
    return t;
  }
}
