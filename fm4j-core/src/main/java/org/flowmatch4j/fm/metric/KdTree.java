package org.flowmatch4j.fm.metric;

import org.flowmatch4j.tensor.Matrix;

/**
 * A k-d tree over the rows of a matrix (N x d) for exact k-nearest-neighbour queries: each node
 * splits its points at the median of their widest coordinate, leaves hold at most {@value #LEAF}
 * points, and a query visits the nearer side first and a farther side only when the splitting
 * plane is closer than the k-th best distance so far. Up to {@value #SCAN} points, or when k is
 * more than an eighth of them, a query measures all points and selects the k nearest instead
 * (faster there). Immutable after construction; queries from
 * several threads are safe when each passes its own {@link Query}.
 */
final class KdTree {
  /** Most points in a leaf. */
  static final int LEAF = 8;
  /** Largest point set always scanned in full. */
  static final int SCAN = 512;

  private final Matrix points;
  private final int[] order;
  /** Split dimension of the node whose range starts at a given position (by node id). */
  private final int[] splitDim;
  private final float[] splitValue;

  KdTree(Matrix points) {
    this.points = points;
    int n = points.rows;
    order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int nodes = 2 * Math.max(1, Integer.highestOneBit(Math.max(1, n / LEAF)) * 4);
    splitDim = new int[nodes];
    splitValue = new float[nodes];
    build(1, 0, n);
  }

  /** Work space of one querying thread for up to k neighbours. */
  static final class Query {
    final int[] idx;
    final double[] d2;
    int found;
    /** Distances to every point and their rows, for a full scan (allocated on first use). */
    private double[] allD2;
    private int[] allIdx;

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
    int[] rows = java.util.Arrays.copyOfRange(order, lo, hi + 1);
    for (int i = 0; i < n; i++) {
      v[i] = points.data[rows[i] * d + j];
    }
    selectKth(v, rows, n, m - lo);
    System.arraycopy(rows, 0, order, lo, n);
  }

  /**
   * The k nearest rows to the point at {@code p[off .. off + d)}: indices in {@code q.idx} and
   * squared distances in {@code q.d2}, in no particular order except that {@code q.d2[0]} is the
   * k-th smallest (k at most the number of rows).
   */
  void nearest(float[] p, int off, int k, Query q) {
    q.found = 0;
    if (points.rows <= SCAN || 8 * k > points.rows) {
      scanAll(p, off, k, q);
    } else {
      search(1, 0, points.rows, p, off, k, q);
    }
  }

  private void search(int node, int lo, int hi, float[] p, int off, int k, Query q) {
    int dim = splitDim[node];
    if (dim < 0) {
      scan(lo, hi, p, off, k, q);
      return;
    }
    int mid = (lo + hi) >>> 1;
    double diff = p[off + dim] - splitValue[node];
    boolean left = diff < 0;
    search(left ? 2 * node : 2 * node + 1, left ? lo : mid, left ? mid : hi, p, off, k, q);
    if (q.found < k || diff * diff < q.d2[0]) {
      search(left ? 2 * node + 1 : 2 * node, left ? mid : lo, left ? hi : mid, p, off, k, q);
    }
  }

  /**
   * The full scan: the distance to every point, then the k smallest by quickselect (linear in the
   * number of points, where offering each point to a heap of k costs up to log k swaps per point),
   * with the k-th smallest moved to the front.
   */
  private void scanAll(float[] p, int off, int k, Query q) {
    int n = points.rows;
    int d = points.cols;
    if (q.allD2 == null || q.allD2.length < n) {
      q.allD2 = new double[n];
      q.allIdx = new int[n];
    }
    double[] all = q.allD2;
    int[] rows = q.allIdx;
    for (int r = 0; r < n; r++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        double e = points.data[r * d + j] - p[off + j];
        s += e * e;
      }
      all[r] = s;
      rows[r] = r;
    }
    selectKth(all, rows, n, k - 1);
    q.d2[0] = all[k - 1];
    q.idx[0] = rows[k - 1];
    System.arraycopy(all, 0, q.d2, 1, k - 1);
    System.arraycopy(rows, 0, q.idx, 1, k - 1);
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

  /** Offers the points order[lo .. hi - 1] to the heap. */
  private void scan(int lo, int hi, float[] p, int off, int k, Query q) {
    int d = points.cols;
    for (int i = lo; i < hi; i++) {
      int r = order[i];
      double s = 0;
      for (int j = 0; j < d; j++) {
        double e = points.data[r * d + j] - p[off + j];
        s += e * e;
      }
      insert(q, k, r, s);
    }
  }

  /** Adds (r, s) to the max-heap of the best k so far. */
  private static void insert(Query q, int k, int r, double s) {
    if (q.found < k) {
      int c = q.found++;
      while (c > 0) {
        int parent = (c - 1) >>> 1;
        if (q.d2[parent] >= s) {
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
    if (s >= q.d2[0]) {
      return;
    }
    int c = 0;
    while (true) {
      int l = 2 * c + 1;
      if (l >= k) {
        break;
      }
      int big = l + 1 < k && q.d2[l + 1] > q.d2[l] ? l + 1 : l;
      if (q.d2[big] <= s) {
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
