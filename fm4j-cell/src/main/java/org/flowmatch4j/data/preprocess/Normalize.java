package org.flowmatch4j.data.preprocess;

import org.flowmatch4j.data.Finite;

import java.util.Arrays;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.tensor.Matrix;

/**
 * Count normalisation and log transform as scanpy does them ({@code pp.normalize_total},
 * {@code pp.log1p}). Inputs are not modified; outputs keep the storage (dense, CSR or CSC).
 */
public final class Normalize {
  private Normalize() {}

  /** Total counts per cell (row sums, in double). */
  public static double[] totalCounts(DataMatrix x) {
    double[] c = new double[x.rows()];
    if (x instanceof DenseMatrix d) {
      Matrix m = d.values();
      for (int i = 0; i < m.rows; i++) {
        double s = 0;
        for (int j = 0; j < m.cols; j++) {
          s += m.data[i * m.cols + j];
        }
        c[i] = s;
      }
    } else {
      SparseMatrix s = ((SparseMatrix) x).toCsr();
      for (int i = 0; i < s.rows; i++) {
        double acc = 0;
        for (int k = s.indptr[i]; k < s.indptr[i + 1]; k++) {
          acc += s.data[k];
        }
        c[i] = acc;
      }
    }
    return c;
  }

  /** The median of the non-zero total counts: scanpy's default target sum. */
  public static double medianNonZeroCount(DataMatrix x) {
    return medianNonZero(totalCounts(x));
  }

  /** The median of the non-zero entries of {@code totals} (cells' total counts, in any order). */
  public static double medianNonZero(double[] totals) {
    double[] c = Arrays.stream(totals).filter(v -> v > 0).sorted().toArray();
    if (c.length == 0) {
      throw new IllegalArgumentException("every cell has zero total counts");
    }
    int m = c.length / 2;
    return c.length % 2 == 1 ? c[m] : 0.5 * (c[m - 1] + c[m]);
  }

  /**
   * x_ij · target / count_i, so that every cell's counts sum to {@code targetSum}; cells with zero
   * counts stay zero. {@code targetSum} NaN means the median of the non-zero cell totals.
   */
  public static DataMatrix normalizeTotal(DataMatrix x, double targetSum) {
    Finite.require(x, "X");
    double target = Double.isNaN(targetSum) ? medianNonZeroCount(x) : targetSum;
    if (!(target > 0) || Double.isInfinite(target)) {
      throw new InvalidSettingException("{target-sum} must be a positive number, got " + targetSum);
    }
    double[] counts = totalCounts(x);
    double[] factor = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      factor[i] = counts[i] == 0 ? 1 : target / counts[i];
    }
    if (x instanceof DenseMatrix d) {
      Matrix m = d.values();
      Matrix out = new Matrix(m.rows, m.cols);
      for (int i = 0; i < m.rows; i++) {
        for (int j = 0; j < m.cols; j++) {
          out.data[i * m.cols + j] = (float) (m.data[i * m.cols + j] * factor[i]);
        }
      }
      return new DenseMatrix(out, Dtype.FLOAT32);
    }
    SparseMatrix s = (SparseMatrix) x;
    SparseMatrix csr = s.toCsr();
    float[] data = new float[csr.data.length];
    for (int i = 0; i < csr.rows; i++) {
      for (int k = csr.indptr[i]; k < csr.indptr[i + 1]; k++) {
        data[k] = (float) (csr.data[k] * factor[i]);
      }
    }
    SparseMatrix out = new SparseMatrix(
        SparseMatrix.Format.CSR, csr.rows, csr.cols, csr.indptr.clone(), csr.indices.clone(), data, Dtype.FLOAT32);
    return s.format == SparseMatrix.Format.CSR ? out : out.convert();
  }

  /** ln(1 + x) elementwise (zeros stay zero, so sparsity is kept). Values must be > −1. */
  public static DataMatrix log1p(DataMatrix x) {
    Finite.require(x, "X");
    if (x instanceof DenseMatrix d) {
      Matrix m = d.values();
      Matrix out = new Matrix(m.rows, m.cols);
      for (int i = 0; i < m.data.length; i++) {
        out.data[i] = (float) Math.log1p(check(m.data[i]));
      }
      return new DenseMatrix(out, Dtype.FLOAT32);
    }
    SparseMatrix s = (SparseMatrix) x;
    float[] data = new float[s.data.length];
    for (int k = 0; k < data.length; k++) {
      data[k] = (float) Math.log1p(check(s.data[k]));
    }
    return new SparseMatrix(s.format, s.rows, s.cols, s.indptr.clone(), s.indices.clone(), data, Dtype.FLOAT32);
  }

  private static float check(float v) {
    if (v <= -1f) {
      throw new IllegalArgumentException("log1p needs values > -1, found " + v + " (is X already centred?)");
    }
    return v;
  }
}
