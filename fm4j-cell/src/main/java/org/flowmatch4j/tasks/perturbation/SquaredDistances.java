package org.flowmatch4j.tasks.perturbation;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.flowmatch4j.tensor.Parallel;

/**
 * All pairwise squared Euclidean distances between two point clouds in double precision, as
 * {@code ||x_i||^2 + ||y_j||^2 - 2 x_i . y_j} with the dot products computed by a register-blocked
 * vector kernel over contiguous rows (two rows of x against four rows of y per pass). This is the
 * O(n m d) part of every distribution metric in gene space, where d is in the thousands; computing
 * it once and sharing it between the energy distance, MMD and the Sinkhorn divergences is what
 * keeps the evaluation fast. Negative rounding residues are clamped to 0 and the diagonal of a
 * cloud against itself is exactly 0.
 */
final class SquaredDistances {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int ROWS_PER_PART = 16;

  private SquaredDistances() {}

  /**
   * The n x m row-major matrix of squared distances between the rows of {@code x} (n x d) and of
   * {@code y} (m x d), both flat row-major. Pass the same array and size for a cloud against itself.
   */
  static double[] between(double[] x, int n, double[] y, int m, int d) {
    double[] nx = norms(x, n, d);
    double[] ny = x == y ? nx : norms(y, m, d);
    double[] out = new double[n * m];
    int parts = (n + ROWS_PER_PART - 1) / ROWS_PER_PART;
    Parallel.run(parts, p -> {
      int i0 = p * ROWS_PER_PART;
      int i1 = Math.min(n, i0 + ROWS_PER_PART);
      block(x, i0, i1, y, m, d, out);
    });
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double v = nx[i] + ny[j] - 2 * out[i * m + j];
        out[i * m + j] = v > 0 ? v : 0;
      }
    }
    if (x == y && n == m) {
      for (int i = 0; i < n; i++) {
        out[i * n + i] = 0;
      }
    }
    return out;
  }

  private static double[] norms(double[] x, int n, int d) {
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      double t = 0;
      for (int k = 0; k < d; k++) {
        double v = x[i * d + k];
        t += v * v;
      }
      s[i] = t;
    }
    return s;
  }

  /** Dot products of rows i0..i1 of x with every row of y, into out. */
  private static void block(double[] x, int i0, int i1, double[] y, int m, int d, double[] out) {
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
