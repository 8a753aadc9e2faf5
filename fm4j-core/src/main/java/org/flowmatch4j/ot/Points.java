package org.flowmatch4j.ot;

import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;

/**
 * Point clouds as flat double arrays, and the distance kernel shared by every solver here.
 *
 * <p>Squared distances are accumulated feature by feature as {@code s = s + t * t} (no fused
 * multiply-add), in the vector kernel and in the scalar one alike, so that a cost computed on the
 * fly is bit for bit the cost stored in a matrix.
 */
public final class Points {
  private Points() {}

  /**
   * Whether the loops of this package run on the Vector API ({@link VectorRows}, {@link
   * VectorAssignment}): true when the module {@code jdk.incubator.vector} is present. Without it
   * every solver runs its scalar loops, which give the same assignments and plans up to the
   * order of floating-point sums.
   */
  static final boolean VECTOR = Kernels.vectorAvailable();
  /** Doubles per vector of the vector loops, 1 without them. */
  static final int LANES = VECTOR ? VectorRows.LANES : 1;

  /**
   * The rows of {@code m} as a new flat row-major double array (rows x cols), after checking that
   * every entry is finite.
   *
   * @param what names the argument in the error message, e.g. "x"
   */
  public static double[] toDouble(Matrix m, String what) {
    double[] out = new double[m.data.length];
    for (int k = 0; k < out.length; k++) {
      float v = m.data[k];
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException(
            what + ": entry (" + k / Math.max(1, m.cols) + ", " + k % Math.max(1, m.cols)
                + ") is " + v + "; point coordinates must be finite");
      }
      out[k] = v;
    }
    return out;
  }

  /** Throws unless {@code x} holds {@code n * d} finite values. */
  static void requireFinite(double[] x, int n, int d, String what) {
    if (x.length != (long) n * d) {
      throw new IllegalArgumentException(
          what + ": array of length " + x.length + " does not hold " + n + "x" + d + " points");
    }
    for (int k = 0; k < x.length; k++) {
      if (!Double.isFinite(x[k])) {
        throw new IllegalArgumentException(
            what + ": entry (" + k / Math.max(1, d) + ", " + k % Math.max(1, d) + ") is " + x[k]
                + "; point coordinates must be finite");
      }
    }
  }

  /** The transpose (d x m, row-major) of the m x d row-major array {@code y}. */
  static double[] transpose(double[] y, int m, int d) {
    double[] t = new double[m * d];
    transpose(y, m, d, t);
    return t;
  }

  /** Writes the transpose (d x m) of the m x d array {@code y} into {@code out}. */
  static void transpose(double[] y, int m, int d, double[] out) {
    for (int j = 0; j < m; j++) {
      for (int k = 0; k < d; k++) {
        out[k * m + j] = y[j * d + k];
      }
    }
  }

  /**
   * {@link #squaredDistancesRow} over all m targets for the four rows i to i + 3, row i + q to
   * {@code out[off + q m ..]}, each y loaded once for the four rows (same values bit for bit).
   */
  static void squaredDistancesRows4(double[] x, int i, int d, double[] yt, int m, double[] out, int off) {
    int j = VECTOR ? VectorRows.squaredDistancesRows4(x, i * d, d, yt, m, out, off) : 0;
    for (int q = 0; q < 4; q++) {
      squaredDistancesRow(x, i + q, d, yt, m, j, m, out, off + q * m);
    }
  }

  /**
   * out[off + j] = ||x_i - y_j||^2 for j in [j0, j1), with x row-major (d columns) and y given
   * transposed ({@code yt}, d x m).
   */
  static void squaredDistancesRow(
      double[] x, int i, int d, double[] yt, int m, int j0, int j1, double[] out, int off) {
    int xi = i * d;
    int j = VECTOR ? VectorRows.squaredDistancesRow(x, xi, d, yt, m, j0, j1, out, off) : j0;
    for (; j < j1; j++) {
      double s = 0;
      for (int k = 0; k < d; k++) {
        double t = x[xi + k] - yt[k * m + j];
        s += t * t;
      }
      out[off + j] = s;
    }
  }
}
