package org.flowmatch4j.fm.metric;

import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Matrix;

/**
 * Lloyd's k-means with k-means++ seeding (Arthur and Vassilvitskii, 2007): K centres of the rows
 * of x (n x d) and each row's nearest centre. A cluster that empties keeps its previous centre.
 *
 * @param centres K x d
 * @param labels the centre of each row
 */
public record KMeans(Matrix centres, int[] labels) {
  /** Most Lloyd iterations; it stops earlier when no label changes. */
  public static final int MAX_ITERATIONS = 100;

  /**
   * Clusters the rows of x into k groups, seeded by {@code seed}.
   *
   * @throws IllegalArgumentException if k {@literal <} 1 or k {@literal >} n
   */
  public static KMeans fit(Matrix x, int k, long seed) {
    int n = x.rows;
    int d = x.cols;
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("k-means needs 1 <= centres <= cells, got " + k + " centres for " + n + " cells");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    Matrix c = new Matrix(k, d);
    double[] best = new double[n];
    int first = rng.nextInt(n);
    System.arraycopy(x.data, first * d, c.data, 0, d);
    for (int i = 0; i < n; i++) {
      best[i] = sqDist(x, i, c, 0);
    }
    for (int m = 1; m < k; m++) {
      double total = 0;
      for (double b : best) {
        total += b;
      }
      int pick = rng.nextInt(n);
      if (total > 0) {
        double u = rng.nextDouble() * total;
        for (int i = 0; i < n; i++) {
          u -= best[i];
          if (u <= 0) {
            pick = i;
            break;
          }
        }
      }
      System.arraycopy(x.data, pick * d, c.data, m * d, d);
      for (int i = 0; i < n; i++) {
        best[i] = Math.min(best[i], sqDist(x, i, c, m));
      }
    }
    int[] labels = new int[n];
    java.util.Arrays.fill(labels, -1);
    double[] sum = new double[k * d];
    int[] count = new int[k];
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      boolean changed = false;
      for (int i = 0; i < n; i++) {
        int arg = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int m = 0; m < k; m++) {
          double s = sqDist(x, i, c, m);
          if (s < min) {
            min = s;
            arg = m;
          }
        }
        if (labels[i] != arg) {
          labels[i] = arg;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
      java.util.Arrays.fill(sum, 0);
      java.util.Arrays.fill(count, 0);
      for (int i = 0; i < n; i++) {
        count[labels[i]]++;
        for (int j = 0; j < d; j++) {
          sum[labels[i] * d + j] += x.data[i * d + j];
        }
      }
      for (int m = 0; m < k; m++) {
        if (count[m] > 0) {
          for (int j = 0; j < d; j++) {
            c.data[m * d + j] = (float) (sum[m * d + j] / count[m]);
          }
        }
      }
    }
    return new KMeans(c, labels);
  }

  /** Squared distance between row i of x and row m of c. */
  static double sqDist(Matrix x, int i, Matrix c, int m) {
    int d = x.cols;
    double s = 0;
    for (int j = 0; j < d; j++) {
      double e = x.data[i * d + j] - c.data[m * d + j];
      s += e * e;
    }
    return s;
  }
}
