package org.flowmatch4j.tensor;

/**
 * Cholesky factorisation A = L L^T of a symmetric positive definite k x k matrix and the solve of
 * A x = b with its factor, for the small dense systems of ridge and least-squares fits. Matrices are
 * row-major {@code double[k * k]}; only the lower triangle of A is read.
 */
public final class Cholesky {
  private Cholesky() {}

  /**
   * Writes the lower factor L of {@code a} into {@code l} (k x k, row-major; the upper triangle is
   * left as it is).
   *
   * @param minPivot a pivot L_ii^2 must exceed this for A to count as positive definite
   * @return -1 on success, else the index i of the first pivot that is not above {@code minPivot}
   *     (then {@code l} is incomplete)
   */
  public static int factor(double[] a, int k, double minPivot, double[] l) {
    for (int i = 0; i < k; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i * k + j];
        for (int q = 0; q < j; q++) {
          s -= l[i * k + q] * l[j * k + q];
        }
        if (i == j) {
          if (!(s > minPivot)) {
            return i;
          }
          l[i * k + i] = Math.sqrt(s);
        } else {
          l[i * k + j] = s / l[j * k + j];
        }
      }
    }
    return -1;
  }

  /** Solves L L^T x = b in place ({@code b} becomes x), L from {@link #factor}. */
  public static void solve(double[] l, int k, double[] b) {
    for (int i = 0; i < k; i++) {
      double s = b[i];
      for (int q = 0; q < i; q++) {
        s -= l[i * k + q] * b[q];
      }
      b[i] = s / l[i * k + i];
    }
    for (int i = k - 1; i >= 0; i--) {
      double s = b[i];
      for (int q = i + 1; q < k; q++) {
        s -= l[q * k + i] * b[q];
      }
      b[i] = s / l[i * k + i];
    }
  }
}
