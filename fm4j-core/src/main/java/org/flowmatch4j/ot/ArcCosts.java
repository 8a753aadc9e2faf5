package org.flowmatch4j.ot;

/**
 * The cost C[i, j] of every arc of a complete bipartite graph (n sources, m targets), read from
 * a dense matrix or computed on the fly from two point clouds, and the pricing kernel of the
 * network simplex: the most negative reduced cost C[i, j] + pi_i - pi_{n+j} along a stretch of
 * one row.
 */
abstract class ArcCosts {
  final int n;
  final int m;

  /** Set by {@link #rowMin} when it finds a smaller value than the one it was given. */
  double lastMin;
  /** The index of {@link #lastMin} found by a vector loop of {@link VectorRows}, or -1. */
  int lastArg;
  /** Lanes of the vector loops' running minima and their indices. */
  final double[] laneMin = new double[Points.LANES];
  final double[] laneIdx = new double[Points.LANES];

  ArcCosts(int n, int m) {
    this.n = n;
    this.m = m;
  }

  /** C[i, j]. */
  abstract double cost(int i, int j);

  /**
   * Scans j in [j0, j1) for the smallest reduced cost r_j = C[i, j] + piI - pi[n + j]. Returns
   * the first j whose r_j is below {@code below} and smallest, storing r_j in {@link #lastMin};
   * returns -1 when no r_j is below {@code below}.
   */
  abstract int rowMin(int i, int j0, int j1, double piI, double[] pi, double below);

  /** The largest |C[i, j]|, found by one pass over all arcs. */
  abstract double maxAbs();

  /**
   * For every target j, the source i minimising C[i, j] (ties: the smallest i), written into
   * {@code argMin} (length m).
   */
  abstract void columnArgMin(int[] argMin);

  /**
   * Smallest r_k = c[off + k] + piI - pi[piOff + k] over k in [0, len) when it is below {@code
   * below}: returns k (the first one among equal minima) and sets {@link #lastMin}; else -1. The
   * vector loop ({@link VectorRows#minOf(ArcCosts, double[], int, int, double, double[], int,
   * double)}) tests whole groups of lanes first; the scalar loop finishes what it leaves.
   */
  final int minOf(double[] c, int off, int len, double piI, double[] pi, int piOff, double below) {
    double min = below;
    int best = -1;
    int k = 0;
    if (Points.VECTOR) {
      k = VectorRows.minOf(this, c, off, len, piI, pi, piOff, below);
      min = lastMin;
      best = lastArg;
    }
    for (; k < len; k++) {
      double r = c[off + k] + piI - pi[piOff + k];
      if (r < min) {
        min = r;
        best = k;
      }
    }
    lastMin = min;
    return best;
  }

  /**
   * As {@link #minOf(double[], int, int, double, double[], int, double)} for costs held as
   * floats: the smallest r_k = (double) c[off + k] + piI - pi[piOff + k] below {@code below}.
   */
  final int minOf(float[] c, int off, int len, double piI, double[] pi, int piOff, double below) {
    double min = below;
    int best = -1;
    int k = 0;
    if (Points.VECTOR) {
      k = VectorRows.minOf(this, c, off, len, piI, pi, piOff, below);
      min = lastMin;
      best = lastArg;
    }
    for (; k < len; k++) {
      double r = (double) c[off + k] + piI - pi[piOff + k];
      if (r < min) {
        min = r;
        best = k;
      }
    }
    lastMin = min;
    return best;
  }

  /** Costs read from a dense row-major n x m matrix. */
  static final class Dense extends ArcCosts {
    private final double[] c;

    Dense(double[] c, int n, int m) {
      super(n, m);
      this.c = c;
    }

    @Override
    double cost(int i, int j) {
      return c[i * m + j];
    }

    @Override
    int rowMin(int i, int j0, int j1, double piI, double[] pi, double below) {
      int k = minOf(c, i * m + j0, j1 - j0, piI, pi, n + j0, below);
      return k < 0 ? -1 : j0 + k;
    }

    private float[] rounded;

    /**
     * Rounds every cost to float into {@code out} (length at least n*m, reused between solves) and
     * makes it the array {@link #rowMinRounded} scans.
     */
    void roundInto(float[] out) {
      for (int k = 0; k < c.length; k++) {
        out[k] = (float) c[k];
      }
      rounded = out;
    }

    /**
     * As {@link #rowMin} with the costs rounded to float (half the memory traffic of the double
     * matrix): the smallest (double) fl(C[i, j]) + piI - pi[n + j], which differs from the exact
     * reduced cost by at most 2^-24 |C[i, j]| (plus the rounding of the sum).
     */
    int rowMinRounded(int i, int j0, int j1, double piI, double[] pi, double below) {
      int k = minOf(rounded, i * m + j0, j1 - j0, piI, pi, n + j0, below);
      return k < 0 ? -1 : j0 + k;
    }

    @Override
    double maxAbs() {
      double mx = 0;
      for (double v : c) {
        mx = Math.max(mx, Math.abs(v));
      }
      return mx;
    }

    @Override
    void columnArgMin(int[] argMin) {
      double[] min = new double[m];
      System.arraycopy(c, 0, min, 0, m);
      java.util.Arrays.fill(argMin, 0);
      for (int i = 1; i < n; i++) {
        int row = i * m;
        for (int j = 0; j < m; j++) {
          double v = c[row + j];
          if (v < min[j]) {
            min[j] = v;
            argMin[j] = i;
          }
        }
      }
    }
  }

  /** Costs computed on the fly from two point clouds: no n x m matrix is stored. */
  static final class OnTheFly extends ArcCosts {
    private final double[] x;
    private final double[] yt;
    private final int d;
    private final boolean euclidean;
    private final double[] buf;

    /**
     * @param x sources, n x d row-major
     * @param y targets, m x d row-major
     */
    OnTheFly(double[] x, int n, double[] y, int m, int d, GroundCost cost) {
      super(n, m);
      this.x = x;
      this.yt = Points.transpose(y, m, d);
      this.d = d;
      this.euclidean = cost == GroundCost.EUCLIDEAN;
      this.buf = new double[m];
    }

    @Override
    double cost(int i, int j) {
      double s = 0;
      int xi = i * d;
      for (int k = 0; k < d; k++) {
        double t = x[xi + k] - yt[k * m + j];
        s += t * t;
      }
      return euclidean ? Math.sqrt(s) : s;
    }

    private void fill(int i, int j0, int j1) {
      Points.squaredDistancesRow(x, i, d, yt, m, j0, j1, buf, 0);
      if (euclidean) {
        int j = Points.VECTOR ? VectorRows.sqrt(buf, j0, j1) : j0;
        for (; j < j1; j++) {
          buf[j] = Math.sqrt(buf[j]);
        }
      }
    }

    /**
     * Scans j in [j0, j1) for the smallest reduced cost: whole vectors in {@link VectorRows}
     * ({@link VectorRows#rowMinEuclidean} prices Euclidean costs without a square root per arc),
     * the rest one arc at a time with {@link #cost}.
     */
    @Override
    int rowMin(int i, int j0, int j1, double piI, double[] pi, double below) {
      double min = below;
      int best = -1;
      int j = j0;
      if (Points.VECTOR) {
        j = euclidean
            ? VectorRows.rowMinEuclidean(this, x, i * d, d, yt, j0, j1, piI, pi, below, buf)
            : VectorRows.rowMinSquared(this, x, i * d, d, yt, j0, j1, piI, pi, below);
        min = lastMin;
        best = lastArg;
      }
      for (; j < j1; j++) {
        double r = cost(i, j) + piI - pi[n + j];
        if (r < min) {
          min = r;
          best = j;
        }
      }
      lastMin = min;
      return best;
    }

    @Override
    double maxAbs() {
      double mx = 0;
      for (int i = 0; i < n; i++) {
        fill(i, 0, m);
        for (int j = 0; j < m; j++) {
          mx = Math.max(mx, buf[j]);
        }
      }
      return mx;
    }

    @Override
    void columnArgMin(int[] argMin) {
      double[] min = new double[m];
      java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
      for (int i = 0; i < n; i++) {
        fill(i, 0, m);
        for (int j = 0; j < m; j++) {
          if (buf[j] < min[j]) {
            min[j] = buf[j];
            argMin[j] = i;
          }
        }
      }
    }
  }
}
