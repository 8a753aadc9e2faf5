package org.flowmatch4j.ot;

/**
 * The ground cost c(x, y) between two points, computed in double precision.
 *
 * <ul>
 *   <li>{@link #EUCLIDEAN}: c(x, y) = ||x - y||_2, the cost of W1;
 *   <li>{@link #SQ_EUCLIDEAN}: c(x, y) = ||x - y||_2^2 (no factor 1/2), the cost of W2^2, of
 *       POT's {@code ot.dist} default and of ott-jax's {@code costs.SqEuclidean}.
 * </ul>
 *
 * <p>Both are computed as the sum over features of squared differences, feature 0 first (the
 * order of {@code scipy.spatial.distance.cdist}), never by the expansion ||x||^2 + ||y||^2 -
 * 2 x.y, which loses digits for nearby points.
 */
public enum GroundCost {
  /** ||x - y||. */
  EUCLIDEAN {
    @Override
    double fromSquared(double sq) {
      return Math.sqrt(sq);
    }
  },
  /** ||x - y||^2. */
  SQ_EUCLIDEAN {
    @Override
    double fromSquared(double sq) {
      return sq;
    }
  };

  /** The cost as a function of the squared distance. */
  abstract double fromSquared(double sq);

  /** c[k] = fromSquared(c[k]) for k in [from, to) (nothing to do for the squared distance). */
  private void fromSquared(double[] c, int from, int to) {
    if (this != SQ_EUCLIDEAN) {
      for (int k = from; k < to; k++) {
        c[k] = fromSquared(c[k]);
      }
    }
  }

  /**
   * The cost between row {@code i} of {@code x} and row {@code j} of {@code y}, both flat
   * row-major double arrays with {@code d} columns.
   */
  public double between(double[] x, int i, double[] y, int j, int d) {
    double s = 0;
    int xi = i * d;
    int yj = j * d;
    for (int k = 0; k < d; k++) {
      double t = x[xi + k] - y[yj + k];
      s += t * t;
    }
    return fromSquared(s);
  }

  /**
   * Fills {@code out} (length at least n*m, row-major n x m) with c(x_i, y_j) for the n rows of
   * {@code x} and the m rows of {@code y} (flat row-major, d columns each) and returns it.
   *
   * <p>Large matrices are filled by bands of rows on all cores ({@link RowBands}); every entry is
   * the same whichever core computes it.
   *
   * <p>Modified: {@code out}. Not modified: {@code x}, {@code y}.
   */
  public double[] pairwise(double[] x, int n, double[] y, int m, int d, double[] out) {
    if (x.length < (long) n * d || y.length < (long) m * d) {
      throw new IllegalArgumentException(
          "point arrays of length " + x.length + " and " + y.length + " cannot hold " + n + "x"
              + d + " and " + m + "x" + d + " points");
    }
    if (out.length < (long) n * m) {
      throw new IllegalArgumentException(
          "cost buffer of length " + out.length + " cannot hold a " + n + "x" + m + " matrix");
    }
    double[] yt = Points.transpose(y, m, d);
    RowBands.run(n, m, (band, from, to) -> {
      int i = from;
      for (; i + 4 <= to; i += 4) {
        Points.squaredDistancesRows4(x, i, d, yt, m, out, i * m);
        fromSquared(out, i * m, (i + 4) * m);
      }
      for (; i < to; i++) {
        Points.squaredDistancesRow(x, i, d, yt, m, 0, m, out, i * m);
        fromSquared(out, i * m, (i + 1) * m);
      }
    });
    return out;
  }

  /** A new n x m row-major cost matrix c(x_i, y_j) between the rows of two point clouds. */
  public double[] pairwise(double[] x, int n, double[] y, int m, int d) {
    long size = (long) n * m;
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a " + n + "x" + m + " cost matrix is too large");
    }
    return pairwise(x, n, y, m, d, new double[(int) size]);
  }
}
