package org.flowmatch4j.data;

import java.util.Objects;
import org.flowmatch4j.tensor.Matrix;

/**
 * A dense matrix with the element type it was read from or will be written as.
 *
 * @param values the values (float32), rows x cols
 * @param dtype the stored element type
 * @param exact for float64 storage, the stored values (row-major, rows x cols), so that writing the
 *     matrix back loses nothing; null otherwise
 */
public record DenseMatrix(Matrix values, Dtype dtype, double[] exact) implements DataMatrix {
  /**
   * Checks that values and dtype are given and that exact, when given, goes with float64 and has
   * one value per entry.
   */
  public DenseMatrix {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(dtype, "dtype");
    if (exact != null && (dtype != Dtype.FLOAT64 || exact.length != values.data.length)) {
      throw new IllegalArgumentException("exact values need dtype float64 and " + values.data.length + " entries");
    }
  }

  /** A matrix of the given element type without exact float64 values. */
  public DenseMatrix(Matrix values, Dtype dtype) {
    this(values, dtype, null);
  }

  /** A float32 dense matrix. */
  public static DenseMatrix of(Matrix m) {
    return new DenseMatrix(m, Dtype.FLOAT32);
  }

  /** A float64 matrix holding {@code exact} (row-major), with its float32 values. */
  public static DenseMatrix float64(int rows, int cols, double[] exact) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < exact.length; i++) {
      m.data[i] = (float) exact[i];
    }
    return new DenseMatrix(m, Dtype.FLOAT64, exact);
  }

  public int rows() {
    return values.rows;
  }

  public int cols() {
    return values.cols;
  }

  public long nnz() {
    return (long) values.rows * values.cols;
  }

  public String storage() {
    return "dense";
  }

  public Matrix toDense() {
    return values;
  }

  public DataMatrix selectRows(int[] idx) {
    for (int i : idx) {
      Objects.checkIndex(i, values.rows);
    }
    double[] e = null;
    if (exact != null) {
      int c = values.cols;
      e = new double[idx.length * c];
      for (int k = 0; k < idx.length; k++) {
        System.arraycopy(exact, idx[k] * c, e, k * c, c);
      }
    }
    return new DenseMatrix(values.rows(idx), dtype, e);
  }

  public DataMatrix selectCols(int[] idx) {
    Matrix out = new Matrix(values.rows, idx.length);
    for (int j : idx) {
      Objects.checkIndex(j, values.cols);
    }
    double[] e = exact == null ? null : new double[values.rows * idx.length];
    for (int i = 0; i < values.rows; i++) {
      int src = i * values.cols;
      int dst = i * idx.length;
      for (int k = 0; k < idx.length; k++) {
        out.data[dst + k] = values.data[src + idx[k]];
        if (e != null) {
          e[dst + k] = exact[src + idx[k]];
        }
      }
    }
    return new DenseMatrix(out, dtype, e);
  }
}
