package org.flowmatch4j.data.preprocess;

import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.SparseMatrix;

/**
 * The products PCA needs, on X (n x p, dense or sparse) with tall matrices stored as column
 * arrays ({@code m[c]} is column c). Plain loops in double, kept behind these few methods so that
 * faster kernels can replace them.
 */
final class Linalg {
  private Linalg() {}

  /** Y = X M: M has l columns of length p; returns l columns of length n. */
  static double[][] times(DataMatrix x, double[][] m) {
    int n = x.rows();
    int p = x.cols();
    int l = m.length;
    double[][] y = new double[l][n];
    if (x instanceof DenseMatrix d) {
      float[] a = d.values().data;
      java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
        int off = i * p;
        int c = 0;
        for (; c + 4 <= l; c += 4) { // four columns per pass over the row
          double[] m0 = m[c];
          double[] m1 = m[c + 1];
          double[] m2 = m[c + 2];
          double[] m3 = m[c + 3];
          double s0 = 0;
          double s1 = 0;
          double s2 = 0;
          double s3 = 0;
          for (int j = 0; j < p; j++) {
            double v = a[off + j];
            s0 += v * m0[j];
            s1 += v * m1[j];
            s2 += v * m2[j];
            s3 += v * m3[j];
          }
          y[c][i] = s0;
          y[c + 1][i] = s1;
          y[c + 2][i] = s2;
          y[c + 3][i] = s3;
        }
        for (; c < l; c++) {
          double[] mc = m[c];
          double s = 0;
          for (int j = 0; j < p; j++) {
            s += a[off + j] * mc[j];
          }
          y[c][i] = s;
        }
      });
    } else {
      SparseMatrix s = ((SparseMatrix) x).toCsr();
      java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
        for (int c = 0; c < l; c++) {
          double[] mc = m[c];
          double acc = 0;
          for (int k = s.indptr[i]; k < s.indptr[i + 1]; k++) {
            acc += s.data[k] * mc[s.indices[k]];
          }
          y[c][i] = acc;
        }
      });
    }
    return y;
  }

  /** Z = Xᵀ Q: Q has l columns of length n; returns l columns of length p. */
  static double[][] transposeTimes(DataMatrix x, double[][] q) {
    int n = x.rows();
    int p = x.cols();
    int l = q.length;
    double[][] z = new double[l][p];
    if (x instanceof DenseMatrix d) {
      float[] a = d.values().data;
      // blocks of genes in parallel: X is streamed once, the block of Z stays in cache
      int block = 256;
      java.util.stream.IntStream.range(0, (p + block - 1) / block).parallel().forEach(b -> {
        int j0 = b * block;
        int j1 = Math.min(p, j0 + block);
        for (int i = 0; i < n; i++) {
          int off = i * p;
          for (int c = 0; c < l; c++) {
            double w = q[c][i];
            if (w == 0) {
              continue;
            }
            double[] zc = z[c];
            for (int j = j0; j < j1; j++) {
              zc[j] += w * a[off + j];
            }
          }
        }
      });
    } else {
      SparseMatrix s = ((SparseMatrix) x).toCsr();
      java.util.stream.IntStream.range(0, l).parallel().forEach(c -> {
        double[] zc = z[c];
        double[] qc = q[c];
        for (int i = 0; i < n; i++) {
          double w = qc[i];
          for (int k = s.indptr[i]; k < s.indptr[i + 1]; k++) {
            zc[s.indices[k]] += w * s.data[k];
          }
        }
      });
    }
    return z;
  }

  /** Xᵀ X (p x p, row-major). */
  static double[] gramCols(DataMatrix x) {
    int p = x.cols();
    double[] g = new double[p * p];
    if (x instanceof DenseMatrix d) {
      float[] a = d.values().data;
      int n = x.rows();
      java.util.stream.IntStream.range(0, p).parallel().forEach(j -> {
        int row = j * p;
        for (int i = 0; i < n; i++) {
          int off = i * p;
          double v = a[off + j];
          if (v == 0) {
            continue;
          }
          for (int k = j; k < p; k++) {
            g[row + k] += v * a[off + k];
          }
        }
      });
    } else {
      SparseMatrix s = ((SparseMatrix) x).toCsr();
      for (int i = 0; i < s.rows; i++) {
        for (int u = s.indptr[i]; u < s.indptr[i + 1]; u++) {
          int j = s.indices[u];
          double v = s.data[u];
          for (int w = s.indptr[i]; w < s.indptr[i + 1]; w++) {
            int k = s.indices[w];
            if (k >= j) {
              g[j * p + k] += v * s.data[w];
            }
          }
        }
      }
    }
    for (int j = 0; j < p; j++) {
      for (int k = j + 1; k < p; k++) {
        g[k * p + j] = g[j * p + k];
      }
    }
    return g;
  }

  /** X Xᵀ (n x n, row-major). */
  static double[] gramRows(DataMatrix x) {
    int n = x.rows();
    double[] g = new double[n * n];
    if (x instanceof DenseMatrix d) {
      float[] a = d.values().data;
      int p = x.cols();
      java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
        for (int k = i; k < n; k++) {
          double s = 0;
          for (int j = 0; j < p; j++) {
            s += (double) a[i * p + j] * a[k * p + j];
          }
          g[i * n + k] = s;
        }
      });
    } else {
      SparseMatrix s = ((SparseMatrix) x).toCsr();
      int p = x.cols();
      java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
        double[] dense = new double[p];
        for (int u = s.indptr[i]; u < s.indptr[i + 1]; u++) {
          dense[s.indices[u]] = s.data[u];
        }
        for (int k = i; k < n; k++) {
          double acc = 0;
          for (int w = s.indptr[k]; w < s.indptr[k + 1]; w++) {
            acc += dense[s.indices[w]] * s.data[w];
          }
          g[i * n + k] = acc;
        }
      });
    }
    for (int i = 0; i < n; i++) {
      for (int k = i + 1; k < n; k++) {
        g[k * n + i] = g[i * n + k];
      }
    }
    return g;
  }

  /** Orthonormalises the columns in place (modified Gram-Schmidt, applied twice). */
  static void orthonormalize(double[][] cols) {
    for (int pass = 0; pass < 2; pass++) {
      for (int c = 0; c < cols.length; c++) {
        double[] v = cols[c];
        for (int b = 0; b < c; b++) {
          double dot = dot(cols[b], v);
          double[] u = cols[b];
          for (int i = 0; i < v.length; i++) {
            v[i] -= dot * u[i];
          }
        }
        double norm = Math.sqrt(dot(v, v));
        if (norm > 0) {
          for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
          }
        }
      }
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
