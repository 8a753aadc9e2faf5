package org.flowmatch4j.tensor;

/** Shape checks shared by the kernel implementations. */
final class Checks {
  private Checks() {}

  static String shape(Matrix m) {
    return m.rows + "x" + m.cols;
  }

  /** Checks C (+)= op(A) op(B) shapes and returns k. */
  static int product(boolean transA, boolean transB, Matrix a, Matrix b, Matrix c) {
    int m = transA ? a.cols : a.rows;
    int k = transA ? a.rows : a.cols;
    int kb = transB ? b.cols : b.rows;
    int n = transB ? b.rows : b.cols;
    if (k != kb || c.rows != m || c.cols != n) {
      throw new IllegalArgumentException(
          "cannot multiply " + (transA ? "transposed " : "") + shape(a) + " by "
              + (transB ? "transposed " : "") + shape(b) + " into " + shape(c));
    }
    if (c.data == a.data || c.data == b.data) {
      throw new IllegalArgumentException("product output must not alias an input");
    }
    return k;
  }

  /**
   * Requires {@code m} to be r x c; the message, built only on failure, reads "what a RxC
   * matrix: expected ...".
   */
  static void shape(Matrix m, int r, int c, String what, Matrix context) {
    if (m.rows != r || m.cols != c) {
      throw new IllegalArgumentException(what + " a " + shape(context) + " matrix: expected a "
          + r + "x" + c + " matrix, got " + shape(m));
    }
  }

  static void bias(Matrix bias, int n) {
    if (bias != null && (bias.rows != 1 || bias.cols != n)) {
      throw new IllegalArgumentException(
          "bias must be 1x" + n + ", got " + shape(bias));
    }
  }

  static void range(float[] x, int off, int len, String what) {
    if (off < 0 || len < 0 || off + len > x.length) {
      throw new IllegalArgumentException(
          what + ": range [" + off + ", " + (off + len) + ") outside an array of " + x.length);
    }
  }

  static void sameShape(Matrix a, Matrix b, String what) {
    if (a.rows != b.rows || a.cols != b.cols) {
      throw new IllegalArgumentException(what + ": shapes differ, " + shape(a) + " vs " + shape(b));
    }
  }

  /**
   * Number of row blocks to split a product of {@code m x n x k} into: 1 when the product is too
   * small to pay for waking threads, else up to the thread count, each block at least {@code
   * align} rows.
   */
  static int rowParts(int m, int n, int k, int align) {
    int threads = Parallel.threads();
    if (threads == 1 || (long) m * n * k < 1L << 21) {
      return 1;
    }
    int blocks = (m + align - 1) / align;
    return Math.max(1, Math.min(threads, blocks));
  }

  /** First row of part {@code p} of {@code parts} when m rows are split in blocks of align rows. */
  static int partStart(int m, int parts, int p, int align) {
    int blocks = (m + align - 1) / align;
    long start = (long) blocks * p / parts * align;
    return (int) Math.min(m, start);
  }
}
