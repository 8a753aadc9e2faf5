package org.flowmatch4j.tasks.spatial;

import java.util.Arrays;
import org.flowmatch4j.tensor.Matrix;

/** Brute-force k nearest rows by Euclidean distance. */
final class Neighbours {
  private Neighbours() {}

  /** The k rows of {@code points} nearest row i of itself, i excluded, nearest first. */
  static int[] nearest(Matrix points, int i, int k) {
    return nearest(points, points, i, k, true);
  }

  /**
   * The k rows of {@code points} nearest row i of {@code query}, nearest first (ties by index);
   * {@code excludeSelf} skips row i of {@code points}.
   */
  static int[] nearest(Matrix points, Matrix query, int i, int k, boolean excludeSelf) {
    int n = points.rows;
    int d = points.cols;
    double[] dist = new double[n];
    Integer[] idx = new Integer[n];
    for (int j = 0; j < n; j++) {
      double s = 0;
      for (int c = 0; c < d; c++) {
        double v = points.data[j * d + c] - query.data[i * d + c];
        s += v * v;
      }
      dist[j] = excludeSelf && j == i ? Double.POSITIVE_INFINITY : s;
      idx[j] = j;
    }
    Arrays.sort(idx, (a, b) -> dist[a] != dist[b] ? Double.compare(dist[a], dist[b]) : Integer.compare(a, b));
    int m = Math.min(k, excludeSelf ? n - 1 : n);
    int[] out = new int[m];
    for (int q = 0; q < m; q++) {
      out[q] = idx[q];
    }
    return out;
  }
}
