package org.flowmatch4j.ot;

import java.util.Arrays;

/**
 * The mean of a per-point value over each point's k nearest points of the same set (the point
 * itself included):
 *
 * <pre>
 *   vbar_i = (1 / k) sum_{r in N_k(i)} v_r,    N_k(i) = the k rows nearest to x_i (x_i among them)
 * </pre>
 *
 * in Euclidean distance, by a full scan (O(n^2 d); the plans this smooths cost O(n^2) per
 * iteration for 1000 iterations). Ties at the k-th distance go to the lower rows. With k = 1 the
 * mean is the value itself.
 */
public final class NeighbourMean {
  private NeighbourMean() {}

  /**
   * The mean of {@code v} over the k nearest rows of {@code x} (n x d, row-major, n = v.length) to
   * each row; k is clipped to [1, n].
   */
  public static double[] of(double[] x, int d, double[] v, int k) {
    int n = v.length;
    if (x.length != n * d) {
      throw new IllegalArgumentException("points (" + x.length + " values) do not hold " + n + " rows of " + d);
    }
    int kk = Math.max(1, Math.min(k, n));
    double[] out = new double[n];
    double[] dist = new double[n];
    double[] sorted = new double[n];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < n; r++) {
        double q = 0;
        for (int c = 0; c < d; c++) {
          double z = x[r * d + c] - x[i * d + c];
          q += z * z;
        }
        dist[r] = q;
      }
      System.arraycopy(dist, 0, sorted, 0, n);
      Arrays.sort(sorted);
      double kth = sorted[kk - 1];
      int below = 0;
      double s = 0;
      for (int r = 0; r < n; r++) {
        if (dist[r] < kth) {
          s += v[r];
          below++;
        }
      }
      for (int r = 0; r < n && below < kk; r++) {
        if (dist[r] == kth) {
          s += v[r];
          below++;
        }
      }
      out[i] = s / kk;
    }
    return out;
  }
}
