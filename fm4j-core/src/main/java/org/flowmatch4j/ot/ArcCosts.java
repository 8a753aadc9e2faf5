package org.flowmatch4j.ot;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The cost C[i, j] of every arc of a complete bipartite graph (n sources, m targets), read from
 * a dense matrix or computed on the fly from two point clouds, and the pricing kernel of the
 * network simplex: the most negative reduced cost C[i, j] + pi_i - pi_{n+j} along a stretch of
 * one row.
 */
abstract class ArcCosts {
  static final VectorSpecies<Double> SPECIES = Points.SPECIES;

  final int n;
  final int m;

  /** Set by {@link #rowMin} when it finds a smaller value than the one it was given. */
  double lastMin;

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

  static final int VL = SPECIES.length();
  private static final double[] IOTA = new double[VL];

  static {
    for (int l = 0; l < VL; l++) {
      IOTA[l] = l;
    }
  }

  /** 0, 1, ..., VL - 1 as doubles (indices carried in double lanes). */
  static final double[] IOTA_J = IOTA;

  private final double[] laneMin = new double[VL];
  private final double[] laneIdx = new double[VL];

  /**
   * Smallest r_k = c[off + k] + piI - pi[piOff + k] over k in [0, len) when it is below {@code
   * below}: returns k (the first one among equal minima) and sets {@link #lastMin}; else -1.
   *
   * <p>A vector test r_k < (running minimum) over each group of lanes; only groups that hold a
   * smaller value are searched lane by lane, with the same operations, so the result is exact.
   * Late in a solve almost no group passes the test.
   */
  final int minOf(double[] c, int off, int len, double piI, double[] pi, int piOff, double below) {
    DoubleVector p = DoubleVector.broadcast(SPECIES, piI);
    double min = below;
    int best = -1;
    int k = 0;
    for (; k <= len - VL; k += VL) {
      DoubleVector r = DoubleVector.fromArray(SPECIES, c, off + k).add(p)
          .sub(DoubleVector.fromArray(SPECIES, pi, piOff + k));
      if (r.lt(min).anyTrue()) {
        for (int l = k; l < k + VL; l++) {
          double rl = c[off + l] + piI - pi[piOff + l];
          if (rl < min) {
            min = rl;
            best = l;
          }
        }
      }
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

  /** Floats in a vector of the preferred shape: two double vectors' worth. */
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

  /**
   * As {@link #minOf} for costs held as floats: the smallest r_k = (double) c[off + k] + piI -
   * pi[piOff + k] below {@code below}. Each group of VL floats is widened as the lower half of a
   * full-width float vector loaded at its start (conversion part 0, which the JIT compiles to one
   * instruction; part 1 goes through a shuffle it does not); vectors of any other shape (a
   * half-width float vector) would make the JIT compile every other vector kernel of the process
   * without its intrinsics. The vector loop stops where a full-width load would leave {@code c}.
   */
  final int minOf(float[] c, int off, int len, double piI, double[] pi, int piOff, double below) {
    DoubleVector p = DoubleVector.broadcast(SPECIES, piI);
    double min = below;
    int best = -1;
    int k = 0;
    int vectorEnd = Math.min(len - VL, c.length - off - FLOATS.length());
    for (; k <= vectorEnd; k += VL) {
      DoubleVector r = ((DoubleVector) FloatVector.fromArray(FLOATS, c, off + k).convert(VectorOperators.F2D, 0))
          .add(p)
          .sub(DoubleVector.fromArray(SPECIES, pi, piOff + k));
      if (r.lt(min).anyTrue()) {
        for (int l = k; l < k + VL; l++) {
          double rl = (double) c[off + l] + piI - pi[piOff + l];
          if (rl < min) {
            min = rl;
            best = l;
          }
        }
      }
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

  /** The smallest of two (minimum, index) vector pairs; ties go to the smaller index. */
  final int reduce(DoubleVector b0, DoubleVector k0, DoubleVector b1, DoubleVector k1, double below) {
    b0.intoArray(laneMin, 0);
    k0.intoArray(laneIdx, 0);
    double min = below;
    int best = -1;
    for (int pass = 0; pass < 2; pass++) {
      for (int l = 0; l < VL; l++) {
        double v = laneMin[l];
        int idx = (int) laneIdx[l];
        if (idx >= 0 && (v < min || (v == min && idx < best))) {
          min = v;
          best = idx;
        }
      }
      b1.intoArray(laneMin, 0);
      k1.intoArray(laneIdx, 0);
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
      Points.squaredDistancesRow(x, i, d, yt, m, j0, j1, buf);
      if (euclidean) {
        int j = j0;
        for (; j <= j1 - VL; j += VL) {
          DoubleVector.fromArray(SPECIES, buf, j).lanewise(VectorOperators.SQRT).intoArray(buf, j);
        }
        for (; j < j1; j++) {
          buf[j] = Math.sqrt(buf[j]);
        }
      }
    }

    /** ||x_i - y_j||^2 for the VL targets starting at j (same operation order as cost()). */
    private DoubleVector squared(int xi, int j) {
      DoubleVector acc = DoubleVector.zero(SPECIES);
      for (int k = 0; k < d; k++) {
        DoubleVector t = DoubleVector.fromArray(SPECIES, yt, k * m + j).neg().add(x[xi + k]);
        acc = acc.add(t.mul(t));
      }
      return acc;
    }

    @Override
    int rowMin(int i, int j0, int j1, double piI, double[] pi, double below) {
      return euclidean ? rowMinEuclidean(i, j0, j1, piI, pi, below)
          : rowMinSquared(i, j0, j1, piI, pi, below);
    }

    private int rowMinSquared(int i, int j0, int j1, double piI, double[] pi, double below) {
      int xi = i * d;
      DoubleVector p = DoubleVector.broadcast(SPECIES, piI);
      DoubleVector b0 = DoubleVector.broadcast(SPECIES, below);
      DoubleVector k0 = DoubleVector.broadcast(SPECIES, -1);
      DoubleVector b1 = b0;
      DoubleVector k1 = k0;
      DoubleVector kv0 = DoubleVector.fromArray(SPECIES, IOTA_J, 0).add(j0);
      DoubleVector step = DoubleVector.broadcast(SPECIES, 2 * VL);
      DoubleVector kv1 = kv0.add(VL);
      int j = j0;
      for (; j <= j1 - 2 * VL; j += 2 * VL) {
        DoubleVector r0 = squared(xi, j).add(p).sub(DoubleVector.fromArray(SPECIES, pi, n + j));
        DoubleVector r1 =
            squared(xi, j + VL).add(p).sub(DoubleVector.fromArray(SPECIES, pi, n + j + VL));
        VectorMask<Double> lt0 = r0.lt(b0);
        b0 = b0.blend(r0, lt0);
        k0 = k0.blend(kv0, lt0);
        VectorMask<Double> lt1 = r1.lt(b1);
        b1 = b1.blend(r1, lt1);
        k1 = k1.blend(kv1, lt1);
        kv0 = kv0.add(step);
        kv1 = kv1.add(step);
      }
      int best = reduce(b0, k0, b1, k1, below);
      double min = best < 0 ? below : lastMin;
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

    /**
     * Euclidean pricing without a square root per arc: r_j = sqrt(s_j) + piI - pi_j < min holds
     * only if t_j = min - piI + pi_j > 0 and s_j < t_j^2; lanes passing that test (slightly
     * widened against rounding) are priced exactly. The running minimum tightens fast, so few
     * lanes ever need the square root.
     */
    private int rowMinEuclidean(int i, int j0, int j1, double piI, double[] pi, double below) {
      int xi = i * d;
      double min = below;
      int best = -1;
      int j = j0;
      for (; j <= j1 - VL; j += VL) {
        DoubleVector s = squared(xi, j);
        DoubleVector t = DoubleVector.fromArray(SPECIES, pi, n + j).add(min - piI);
        VectorMask<Double> maybe =
            t.compare(VectorOperators.GT, 0).and(s.lt(t.mul(t).mul(1 + 1e-9)));
        if (maybe.anyTrue()) {
          s.intoArray(buf, 0);
          for (int l = 0; l < VL; l++) {
            double r = Math.sqrt(buf[l]) + piI - pi[n + j + l];
            if (r < min) {
              min = r;
              best = j + l;
            }
          }
        }
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
