package org.flowmatch4j.ot;

/**
 * A brute-force reference for tiny transportation problems: the optimum of an LP is attained at
 * a vertex, and every vertex of the transportation polytope is the unique solution supported on
 * some spanning forest; for problems of at most 4 x 4 we enumerate all supports of size at most
 * n + m - 1 and solve each for its (unique if any) feasible flow.
 */
final class VertexEnumeration {
  private VertexEnumeration() {}

  /** Minimum cost over all basic feasible solutions of a problem with n * m <= 16. */
  static double bruteForceCost(double[] a, double[] b, double[] c) {
    int n = a.length;
    int m = b.length;
    int arcs = n * m;
    double best = Double.POSITIVE_INFINITY;
    for (int mask = 1; mask < (1 << arcs); mask++) {
      if (Integer.bitCount(mask) > n + m - 1) {
        continue;
      }
      double[] flow = solveOnSupport(a, b, mask, n, m);
      if (flow != null) {
        double v = 0;
        for (int k = 0; k < arcs; k++) {
          v += flow[k] * c[k];
        }
        best = Math.min(best, v);
      }
    }
    return best;
  }

  /** The flow on a forest support by leaf elimination, or null when infeasible or cyclic. */
  private static double[] solveOnSupport(double[] a, double[] b, int mask, int n, int m) {
    double[] ra = a.clone();
    double[] rb = b.clone();
    double[] flow = new double[n * m];
    int left = mask;
    boolean progress = true;
    while (left != 0 && progress) {
      progress = false;
      for (int i = 0; i < n && !progress; i++) {
        int deg = 0;
        int arc = -1;
        for (int j = 0; j < m; j++) {
          if ((left >> (i * m + j) & 1) != 0) {
            deg++;
            arc = i * m + j;
          }
        }
        if (deg == 1) {
          int j = arc % m;
          flow[arc] = ra[i];
          rb[j] -= ra[i];
          ra[i] = 0;
          left &= ~(1 << arc);
          progress = true;
        }
      }
      for (int j = 0; j < m && !progress; j++) {
        int deg = 0;
        int arc = -1;
        for (int i = 0; i < n; i++) {
          if ((left >> (i * m + j) & 1) != 0) {
            deg++;
            arc = i * m + j;
          }
        }
        if (deg == 1) {
          int i = arc / m;
          flow[arc] = rb[j];
          ra[i] -= rb[j];
          rb[j] = 0;
          left &= ~(1 << arc);
          progress = true;
        }
      }
    }
    if (left != 0) {
      return null;
    }
    for (int k = 0; k < flow.length; k++) {
      if (flow[k] < -1e-12) {
        return null;
      }
    }
    for (double r : ra) {
      if (Math.abs(r) > 1e-12) {
        return null;
      }
    }
    for (double r : rb) {
      if (Math.abs(r) > 1e-12) {
        return null;
      }
    }
    return flow;
  }
}
