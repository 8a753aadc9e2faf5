package org.flowmatch4j.tasks.perturbation;

import java.util.Arrays;
import org.flowmatch4j.tensor.Matrix;

/**
 * Differential expression by the Wilcoxon rank-sum test, as scanpy's
 * {@code rank_genes_groups(method="wilcoxon")} scores genes without tie correction (and as
 * {@code scipy.stats.ranksums} computes its statistic). For each gene, the values of both groups
 * are ranked together (average ranks for ties) and
 *
 * <pre>
 *   z = (R1 - n1 (n1 + n2 + 1) / 2) / sqrt(n1 n2 (n1 + n2 + 1) / 12)
 * </pre>
 *
 * where R1 is the sum of the ranks of group 1 (n1 cells) and n2 the size of group 2. z > 0 means
 * higher in group 1.
 */
public final class WilcoxonRankSum {
  private WilcoxonRankSum() {}

  /** z of every gene (column): group {@code a} (n1 x p) against group {@code b} (n2 x p). */
  public static double[] zScores(Matrix a, Matrix b) {
    if (a.cols != b.cols) {
      throw new IllegalArgumentException("rank-sum test: groups with " + a.cols + " and " + b.cols + " genes");
    }
    int n1 = a.rows;
    int n2 = b.rows;
    if (n1 == 0 || n2 == 0) {
      throw new IllegalArgumentException("rank-sum test needs cells in both groups, got " + n1 + " and " + n2);
    }
    int n = n1 + n2;
    int p = a.cols;
    double expected = n1 * (n + 1.0) / 2.0;
    double sd = Math.sqrt((double) n1 * n2 * (n + 1.0) / 12.0);
    double[] z = new double[p];
    long[] keys = new long[n];
    float[] v = new float[n];
    for (int j = 0; j < p; j++) {
      for (int i = 0; i < n1; i++) {
        v[i] = a.data[i * p + j];
      }
      for (int i = 0; i < n2; i++) {
        v[n1 + i] = b.data[i * p + j];
      }
      for (int i = 0; i < n; i++) {
        if (!Float.isFinite(v[i])) {
          throw new IllegalArgumentException("rank-sum test: gene " + j + " has a non-finite value");
        }
        keys[i] = ((long) sortable(v[i]) << 32) | i;
      }
      Arrays.sort(keys);
      double r1 = 0;
      int start = 0;
      while (start < n) {
        int end = start + 1;
        float x = v[(int) keys[start]];
        while (end < n && v[(int) keys[end]] == x) {
          end++;
        }
        double rank = (start + 1 + end) / 2.0; // average of ranks start+1 .. end
        for (int q = start; q < end; q++) {
          if ((int) keys[q] < n1) {
            r1 += rank;
          }
        }
        start = end;
      }
      z[j] = (r1 - expected) / sd;
    }
    return z;
  }

  /** The float's bits mapped to an int whose signed order is the float's numeric order. */
  private static int sortable(float x) {
    int bits = Float.floatToIntBits(x == 0f ? 0f : x);
    return bits >= 0 ? bits : bits ^ 0x7fffffff;
  }

  /**
   * The k genes of highest score, highest first; ties keep the lower index first (numpy's stable
   * {@code argsort(-z)}). Genes with NaN scores come last.
   */
  public static int[] top(double[] z, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("need k >= 1 top genes, got " + k);
    }
    Integer[] idx = new Integer[z.length];
    for (int j = 0; j < idx.length; j++) {
      idx[j] = j;
    }
    Arrays.sort(idx, (i, j) -> {
      double a = Double.isNaN(z[i]) ? Double.NEGATIVE_INFINITY : z[i];
      double b = Double.isNaN(z[j]) ? Double.NEGATIVE_INFINITY : z[j];
      int c = Double.compare(b, a);
      return c != 0 ? c : Integer.compare(i, j);
    });
    int m = Math.min(k, z.length);
    int[] out = new int[m];
    for (int q = 0; q < m; q++) {
      out[q] = idx[q];
    }
    return out;
  }
}
