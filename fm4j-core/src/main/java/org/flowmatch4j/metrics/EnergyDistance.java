package org.flowmatch4j.metrics;

import org.flowmatch4j.tensor.Matrix;

/**
 * Energy distances between two point clouds (V-statistics: all pairs, diagonal included).
 *
 * <ul>
 *   <li>{@link #eDistance(Matrix, Matrix)}: the E-distance of Peidli et al. 2024 as CellFlow's
 *       {@code compute_e_distance} computes it, with <i>squared</i> Euclidean distances:
 *       2 mean ||x - y||^2 - mean ||x - x'||^2 - mean ||y - y'||^2, which equals 2 ||mean(x) -
 *       mean(y)||^2 exactly; it is computed from the means (O((n + m) d), and free of the
 *       cancellation of the pairwise form).
 *   <li>{@link #energy(Matrix, Matrix)}: Szekely's energy distance with Euclidean distances, 2
 *       mean ||x - y|| - mean ||x - x'|| - mean ||y - y'||, as {@code dcor.energy_distance}
 *       computes it; in one dimension it is the square of {@code
 *       scipy.stats.energy_distance(u, v)}.
 * </ul>
 */
public final class EnergyDistance {
  private EnergyDistance() {}

  /** CellFlow's E-distance (squared Euclidean): 2 ||mean(x) - mean(y)||^2. */
  public static double eDistance(Matrix x, Matrix y) {
    Stats.sameColumns(x, y);
    double[] mx = Stats.columnMeans(x, "x");
    double[] my = Stats.columnMeans(y, "y");
    double s = 0;
    for (int k = 0; k < mx.length; k++) {
      double t = mx[k] - my[k];
      s += t * t;
    }
    return 2 * s;
  }

  /** Szekely's energy distance (Euclidean, V-statistic), as dcor's {@code energy_distance}. */
  public static double energy(Matrix x, Matrix y) {
    Stats.sameColumns(x, y);
    Stats.nonEmpty(x, "x");
    Stats.nonEmpty(y, "y");
    double[] xd = Stats.toDouble(x, "x");
    double[] yd = Stats.toDouble(y, "y");
    int d = x.cols;
    double xy = meanDistance(xd, x.rows, yd, y.rows, d);
    double xx = meanDistance(xd, x.rows, xd, x.rows, d);
    double yy = meanDistance(yd, y.rows, yd, y.rows, d);
    return 2 * xy - xx - yy;
  }

  /**
   * The mean Euclidean distance over all pairs (p_i, q_j): the term of {@link #energy} between two
   * clouds, for clouds too large for one machine summed block by block (times the block sizes).
   */
  public static double meanDistance(Matrix p, Matrix q) {
    Stats.sameColumns(p, q);
    Stats.nonEmpty(p, "p");
    Stats.nonEmpty(q, "q");
    return meanDistance(Stats.toDouble(p, "p"), p.rows, Stats.toDouble(q, "q"), q.rows, p.cols);
  }

  private static double meanDistance(double[] p, int np, double[] q, int nq, int d) {
    double total = 0;
    for (int i = 0; i < np; i++) {
      double row = 0;
      for (int j = 0; j < nq; j++) {
        double s = 0;
        for (int k = 0; k < d; k++) {
          double t = p[i * d + k] - q[j * d + k];
          s += t * t;
        }
        row += Math.sqrt(s);
      }
      total += row;
    }
    return total / ((double) np * nq);
  }
}
