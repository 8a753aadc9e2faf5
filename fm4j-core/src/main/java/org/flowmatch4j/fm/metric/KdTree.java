package org.flowmatch4j.fm.metric;

import java.util.Arrays;
import org.flowmatch4j.tensor.Matrix;

/**
 * Exact k-nearest-neighbour queries over the rows y_r of a matrix (N x d). The k nearest are the
 * first k rows in the order of (||y_r - p||^2, r): ties at the k-th distance go to the lower rows.
 * The squared distance is always computed the same way, {@code s = 0; s += e_j * e_j} for j = 0 ..
 * d - 1 with {@code e_j = (double) (float) (y_rj - p_j)} (the difference in float, its square and
 * the sum in double), so the two search paths below return the same rows and the same bits:
 *
 * <ul>
 *   <li><b>full scan</b>, when N is at most {@value #SCAN}, at most {@value
 *       #TREE_POINTS_PER_NEIGHBOUR} k or d more than {@value #MAX_TREE_DIM} (where visiting the tree
 *       costs more than it prunes): the distances to all rows, one coordinate at a time over a
 *       column-major copy of the points, the k-th smallest of them by a quickselect without
 *       data-dependent branches on a copy ({@link #rankValue}), then one pass over the rows in order
 *       that keeps those below it and, of those equal to it, the lowest rows;
 *   <li><b>k-d tree</b> otherwise: each node splits its points at the median of their widest
 *       coordinate, leaves hold at most {@value #LEAF} points, and a query visits the nearer side
 *       first and the farther one only when the splitting plane is not farther than the k-th best
 *       so far (the plane's distance is the same float difference, so no point that could tie or win
 *       is skipped), keeping the best k in a heap ordered by (distance, row).
 * </ul>
 *
 * <p>Either way the neighbours come back in increasing row order, so that sums over them have one
 * order whatever the path. Immutable after construction; queries from several threads are safe
 * when each passes its own {@link Query}.
 */
final class KdTree {
  /** Most points in a leaf. */
  static final int LEAF = 8;
  /** Largest point set always scanned in full. */
  static final int SCAN = 512;
  /**
   * The tree is searched only where the points outnumber k by more than this factor: 64 nearest of
   * 1,000 Gaussian points in 5 dimensions took 2.3 times as long through the tree as by the scan,
   * of 4,096 points as long.
   */
  static final int TREE_POINTS_PER_NEIGHBOUR = 64;
  /** Largest dimension searched with the tree. */
  static final int MAX_TREE_DIM = 16;

  private final Matrix points;
  /** The points column by column: coordinate j of row r at {@code j * N + r}. */
  private final float[] columns;
  private final int[] order;
  /** Split dimension of the node whose range starts at a given position (by node id). */
  private final int[] splitDim;
  private final float[] splitValue;

  KdTree(Matrix points) {
    this.points = points;
    int n = points.rows;
    int d = points.cols;
    columns = new float[n * d];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < d; j++) {
        columns[j * n + r] = points.data[r * d + j];
      }
    }
    order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int nodes = 2 * Math.max(1, Integer.highestOneBit(Math.max(1, n / LEAF)) * 4);
    splitDim = new int[nodes];
    splitValue = new float[nodes];
    build(1, 0, n);
  }

  /** Work space of one querying thread for up to k neighbours, and its result. */
  static final class Query {
    /** The rows of the neighbours, increasing. */
    final int[] idx;
    /** Their squared distances. */
    final double[] d2;
    /** The k-th smallest squared distance. */
    double kth;
    int found;
    /** Distances to every point and a copy to select in, for a full scan (allocated on first use). */
    private double[] allD2;
    private double[] scratch;

    Query(int k) {
      idx = new int[k];
      d2 = new double[k];
    }
  }

  private void build(int node, int lo, int hi) {
    if (hi - lo <= LEAF || node >= splitDim.length / 2) {
      splitDim[node] = -1;
      return;
    }
    int d = points.cols;
    int best = 0;
    double widest = -1;
    for (int j = 0; j < d; j++) {
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (int i = lo; i < hi; i++) {
        float v = points.data[order[i] * d + j];
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      if (max - min > widest) {
        widest = max - min;
        best = j;
      }
    }
    int mid = (lo + hi) >>> 1;
    select(lo, hi - 1, mid, best);
    splitDim[node] = best;
    splitValue[node] = points.data[order[mid] * d + best];
    build(2 * node, lo, mid);
    build(2 * node + 1, mid, hi);
  }

  /** Reorders order[lo..hi] so that position m holds the median by coordinate j (quickselect). */
  private void select(int lo, int hi, int m, int j) {
    int d = points.cols;
    int n = hi - lo + 1;
    double[] v = new double[n];
    int[] rows = Arrays.copyOfRange(order, lo, hi + 1);
    for (int i = 0; i < n; i++) {
      v[i] = points.data[rows[i] * d + j];
    }
    selectKth(v, rows, n, m - lo);
    System.arraycopy(rows, 0, order, lo, n);
  }

  /**
   * The k nearest rows (k at most N) to the point at {@code p[off .. off + d)}: their rows, increasing,
   * in {@code q.idx}, their squared distances in {@code q.d2} and the k-th smallest in {@code q.kth}.
   */
  void nearest(float[] p, int off, int k, Query q) {
    q.found = 0;
    if (points.rows <= SCAN || TREE_POINTS_PER_NEIGHBOUR * k >= points.rows || points.cols > MAX_TREE_DIM) {
      scanAll(p, off, k, q);
      return;
    }
    search(1, 0, points.rows, p, off, k, q);
    q.kth = q.d2[0];
    Arrays.sort(q.idx, 0, k);
    for (int m = 0; m < k; m++) {
      q.d2[m] = distance(q.idx[m], p, off);
    }
  }

  /** ||y_r - p||^2 in the one arithmetic of this class. */
  private double distance(int r, float[] p, int off) {
    int d = points.cols;
    double s = 0;
    for (int j = 0; j < d; j++) {
      double e = points.data[r * d + j] - p[off + j];
      s += e * e;
    }
    return s;
  }

  private void search(int node, int lo, int hi, float[] p, int off, int k, Query q) {
    int dim = splitDim[node];
    if (dim < 0) {
      for (int i = lo; i < hi; i++) {
        insert(q, k, order[i], distance(order[i], p, off));
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    double diff = p[off + dim] - splitValue[node];
    boolean left = diff < 0;
    search(left ? 2 * node : 2 * node + 1, left ? lo : mid, left ? mid : hi, p, off, k, q);
    if (q.found < k || diff * diff <= q.d2[0]) {
      search(left ? 2 * node + 1 : 2 * node, left ? mid : lo, left ? hi : mid, p, off, k, q);
    }
  }

  /**
   * The full scan: the distance to every point (coordinate by coordinate, the same sum in the same
   * order per row as {@link #distance}), the k-th smallest by {@link #rankValue} on a copy, then the
   * rows below it and the lowest rows equal to it, in row order.
   */
  private void scanAll(float[] p, int off, int k, Query q) {
    int n = points.rows;
    int d = points.cols;
    if (q.allD2 == null || q.allD2.length < n) {
      q.allD2 = new double[n];
      q.scratch = new double[n];
    }
    double[] all = q.allD2;
    Arrays.fill(all, 0, n, 0);
    for (int j = 0; j < d; j++) {
      float pj = p[off + j];
      int cj = j * n;
      for (int r = 0; r < n; r++) {
        double e = columns[cj + r] - pj;
        all[r] += e * e;
      }
    }
    double[] v = q.scratch;
    System.arraycopy(all, 0, v, 0, n);
    double kth = rankValue(v, n, k - 1);
    // rankValue leaves the k smallest first: those below kth are the ones to take before ties
    int ties = k;
    for (int m = 0; m < k; m++) {
      ties -= v[m] < kth ? 1 : 0;
    }
    // without branches on the data: each row is written at the next place, which advances if it is taken
    int m = 0;
    for (int r = 0; r < n && m < k; r++) {
      double s = all[r];
      int tie = s == kth && ties > 0 ? 1 : 0;
      ties -= tie;
      q.idx[m] = r;
      q.d2[m] = s;
      m += s < kth ? 1 : tie;
    }
    if (m < k) {
      // a point with a NaN coordinate: every distance is NaN, and the first k rows stand in
      for (m = 0; m < k; m++) {
        q.idx[m] = m;
        q.d2[m] = all[m];
      }
    }
    q.kth = kth;
    q.found = k;
  }

  /**
   * Reorders {@code v[0 .. n)} (and {@code rows} with it) so that position m holds the value of rank
   * m and the positions before it smaller or equal values (quickselect).
   */
  private static void selectKth(double[] v, int[] rows, int n, int m) {
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
      double pivot = v[(lo + hi) >>> 1];
      int a = lo;
      int b = hi;
      while (a <= b) {
        while (v[a] < pivot) {
          a++;
        }
        while (v[b] > pivot) {
          b--;
        }
        if (a <= b) {
          double t = v[a];
          v[a] = v[b];
          v[b] = t;
          int r = rows[a];
          rows[a] = rows[b];
          rows[b] = r;
          a++;
          b--;
        }
      }
      if (m <= b) {
        hi = b;
      } else if (m >= a) {
        lo = a;
      } else {
        return;
      }
    }
  }

  /**
   * The value of rank m (from 0) of {@code v[0 .. n)}, which it reorders: a quickselect whose
   * partitions move every value without a data-dependent branch (the values below the pivot, then
   * those equal to it, are swapped to the front and a counter advances by the comparison's result),
   * about four times faster than {@link #selectKth}'s on the distances of a query, where the
   * branches of the classic partition are mispredicted half the time. The pivot is the median of
   * the first, middle and last value; a run of equal values ends the search at once, and a NaN pivot
   * is returned as it is.
   */
  static double rankValue(double[] v, int n, int m) {
    int lo = 0;
    int hi = n;
    while (hi - lo > 1) {
      double pivot = Math.max(Math.min(v[lo], v[hi - 1]), Math.min(Math.max(v[lo], v[hi - 1]), v[(lo + hi) >>> 1]));
      if (Double.isNaN(pivot)) {
        return pivot;
      }
      int below = lo;
      for (int i = lo; i < hi; i++) {
        double t = v[i];
        v[i] = v[below];
        v[below] = t;
        below += t < pivot ? 1 : 0;
      }
      if (m < below) {
        hi = below;
        continue;
      }
      int equal = below;
      for (int i = below; i < hi; i++) {
        double t = v[i];
        v[i] = v[equal];
        v[equal] = t;
        equal += t == pivot ? 1 : 0;
      }
      if (m < equal) {
        return pivot;
      }
      lo = equal;
    }
    return v[m];
  }

  /** Whether (s, r) comes after (t, u) in the order of (distance, row). */
  private static boolean after(double s, int r, double t, int u) {
    return s > t || s == t && r > u;
  }

  /** Adds (r, s) to the max-heap, by (distance, row), of the best k so far. */
  private static void insert(Query q, int k, int r, double s) {
    if (q.found < k) {
      int c = q.found++;
      while (c > 0) {
        int parent = (c - 1) >>> 1;
        if (!after(s, r, q.d2[parent], q.idx[parent])) {
          break;
        }
        q.d2[c] = q.d2[parent];
        q.idx[c] = q.idx[parent];
        c = parent;
      }
      q.d2[c] = s;
      q.idx[c] = r;
      return;
    }
    if (!after(q.d2[0], q.idx[0], s, r)) {
      return;
    }
    int c = 0;
    while (true) {
      int l = 2 * c + 1;
      if (l >= k) {
        break;
      }
      int big = l + 1 < k && after(q.d2[l + 1], q.idx[l + 1], q.d2[l], q.idx[l]) ? l + 1 : l;
      if (!after(q.d2[big], q.idx[big], s, r)) {
        break;
      }
      q.d2[c] = q.d2[big];
      q.idx[c] = q.idx[big];
      c = big;
    }
    q.d2[c] = s;
    q.idx[c] = r;
  }
}
