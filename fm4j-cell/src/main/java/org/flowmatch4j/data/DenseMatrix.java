package org.flowmatch4j.data;

import java.util.Objects;
import org.flowmatch4j.tensor.Matrix;

/** A dense matrix with the element type it was read from or will be written as. */
public record DenseMatrix(Matrix values, Dtype dtype) implements DataMatrix {
  public DenseMatrix {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(dtype, "dtype");
  }

  /** A float32 dense matrix. */
  public static DenseMatrix of(Matrix m) {
    return new DenseMatrix(m, Dtype.FLOAT32);
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
    return new DenseMatrix(values.rows(idx), dtype);
  }

  public DataMatrix selectCols(int[] idx) {
    Matrix out = new Matrix(values.rows, idx.length);
    for (int j : idx) {
      Objects.checkIndex(j, values.cols);
    }
    for (int i = 0; i < values.rows; i++) {
      int src = i * values.cols;
      int dst = i * idx.length;
      for (int k = 0; k < idx.length; k++) {
        out.data[dst + k] = values.data[src + idx[k]];
      }
    }
    return new DenseMatrix(out, dtype);
  }
}
