package org.flowmatch4j.tasks.trajectory;

import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.tensor.Matrix;

/**
 * The default WFR length scale of a time course: the largest distance from a cell to its nearest
 * neighbour at the adjacent training time point (both directions, over every interval),
 *
 * <pre>  delta = max_k max( max_i min_j ||x_i^k - x_j^(k+1)||, max_j min_i ||x_i^k - x_j^(k+1)|| ). </pre>
 *
 * Every cell then has a partner within delta, where moving costs at most
 * {@code -log cos^2(1/2) = 0.26}, far below the cost of destroying and creating mass; pairs
 * farther than pi delta are never transported. The scale follows the data's units and dimension.
 * A maximum follows one outlying cell; a high quantile of the same distances (robust to it) and a
 * larger multiple of the maximum were compared with it on real and simulated time courses and each
 * lost on one of them (docs/growth.md, "The delta rule"). Time O(sum_k n_k n_(k+1) d).
 */
public final class WfrDelta {
  private WfrDelta() {}

  /** The default delta over the consecutive pairs of the time points {@code train} of {@code tc}. */
  public static double fromData(TimeCourse tc, int[] train) {
    double delta = 0;
    for (int p = 0; p + 1 < train.length; p++) {
      delta = Math.max(delta, largestNearest(tc.snapshot(train[p]), tc.snapshot(train[p + 1])));
    }
    if (!(delta > 0)) {
      throw new InvalidSettingException(
          "cannot derive {wfr-delta}: every cell coincides with a cell of the adjacent time point; give {wfr-delta}");
    }
    return delta;
  }

  /** The largest nearest-neighbour distance between x and y, in both directions. */
  static double largestNearest(Matrix x, Matrix y) {
    int d = x.cols;
    double[] toY = new double[x.rows];
    double[] toX = new double[y.rows];
    java.util.Arrays.fill(toY, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(toX, Double.POSITIVE_INFINITY);
    for (int i = 0; i < x.rows; i++) {
      for (int j = 0; j < y.rows; j++) {
        double s = 0;
        for (int c = 0; c < d; c++) {
          double z = x.data[i * d + c] - y.data[j * d + c];
          s += z * z;
        }
        toY[i] = Math.min(toY[i], s);
        toX[j] = Math.min(toX[j], s);
      }
    }
    double m = 0;
    for (double v : toY) {
      m = Math.max(m, v);
    }
    for (double v : toX) {
      m = Math.max(m, v);
    }
    return Math.sqrt(m);
  }
}
