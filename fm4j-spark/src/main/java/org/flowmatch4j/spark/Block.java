package org.flowmatch4j.spark;

import java.io.Serializable;
import java.util.List;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.tensor.Matrix;

/**
 * A block of rows of a float32 matrix that can travel from an executor to the driver: dense
 * ({@code indptr} null, {@code data} row-major) or CSR.
 *
 * @param from the index of the block's first row in the whole matrix
 */
record Block(int from, int rows, int cols, int[] indptr, int[] indices, float[] data) implements Serializable {
  private static final long serialVersionUID = 1L;

  static Block of(int from, DataMatrix m) {
    if (m instanceof SparseMatrix s) {
      SparseMatrix csr = s.toCsr();
      return new Block(from, csr.rows, csr.cols, csr.indptr, csr.indices, csr.data);
    }
    return of(from, ((DenseMatrix) m).values());
  }

  static Block of(int from, Matrix m) {
    return new Block(from, m.rows, m.cols, null, null, m.data);
  }

  /** The rows [from, from + rows) of the whole matrix that this block holds. */
  int[] range() {
    return new int[] {from, from + rows};
  }

  /** The block as a matrix: CSR if it is, else dense float32. */
  DataMatrix matrix() {
    return indptr == null ? new DenseMatrix(new Matrix(rows, cols, data), Dtype.FLOAT32)
        : SparseMatrix.csr(rows, cols, indptr, indices, data);
  }

  /**
   * The blocks, in order of their first rows (which must follow each other from 0), stacked into
   * one matrix: CSR if the blocks are, else dense float32.
   */
  static DataMatrix stack(List<Block> blocks, int cols) {
    List<Block> b = blocks.stream().sorted(java.util.Comparator.comparingInt(Block::from)).toList();
    int n = 0;
    long nnz = 0;
    for (Block k : b) {
      if (k.from != n || k.cols != cols) {
        throw new IllegalStateException("blocks do not tile the matrix at row " + n);
      }
      n += k.rows;
      nnz += k.data.length;
    }
    boolean sparse = !b.isEmpty() && b.get(0).indptr != null;
    if (!sparse) {
      Matrix m = new Matrix(n, cols);
      for (Block k : b) {
        System.arraycopy(k.data, 0, m.data, k.from * cols, k.data.length);
      }
      return new DenseMatrix(m, Dtype.FLOAT32);
    }
    int[] indptr = new int[n + 1];
    int[] indices = new int[Math.toIntExact(nnz)];
    float[] data = new float[indices.length];
    int at = 0;
    for (Block k : b) {
      for (int i = 0; i < k.rows; i++) {
        indptr[k.from + i + 1] = at + k.indptr[i + 1];
      }
      System.arraycopy(k.indices, 0, indices, at, k.indices.length);
      System.arraycopy(k.data, 0, data, at, k.data.length);
      at += k.data.length;
    }
    return SparseMatrix.csr(n, cols, indptr, indices, data);
  }
}
