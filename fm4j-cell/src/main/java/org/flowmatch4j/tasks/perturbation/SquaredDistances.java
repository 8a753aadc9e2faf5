package org.flowmatch4j.tasks.perturbation;

import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Parallel;

/**
 * All pairwise squared Euclidean distances between two point clouds in double precision, as
 * {@code ||x_i||^2 + ||y_j||^2 - 2 x_i . y_j} with the dot products computed by a register-blocked
 * vector kernel over contiguous rows (two rows of x against four rows of y per pass). This is the
 * O(n m d) part of every distribution metric in gene space, where d is in the thousands; computing
 * it once and sharing it between the energy distance, MMD and the Sinkhorn divergences is what
 * keeps the evaluation fast. Without the module {@code jdk.incubator.vector} the dot products are
 * scalar loops. Negative rounding residues are clamped to 0 and the diagonal of a
 * cloud against itself is exactly 0.
 */
final class SquaredDistances {
  /** Whether the dot products run on the Vector API ({@link VectorSquaredDistances}). */
  private static final boolean VECTOR = Kernels.vectorAvailable();
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
    if (VECTOR) {
      VectorSquaredDistances.block(x, i0, i1, y, m, d, out);
      return;
    }
    for (int i = i0; i < i1; i++) {
      for (int j = 0; j < m; j++) {
        double t = 0;
        for (int k = 0; k < d; k++) {
          t += x[i * d + k] * y[j * d + k];
        }
        out[i * m + j] = t;
      }
    }
  }
}
