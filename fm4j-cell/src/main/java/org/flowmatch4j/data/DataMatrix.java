package org.flowmatch4j.data;

import org.flowmatch4j.tensor.Matrix;

/**
 * A cells x features matrix as AnnData stores it: dense ({@link DenseMatrix}) or compressed
 * sparse ({@link SparseMatrix}, CSR or CSC). Values are float32 in memory; {@link #dtype()} keeps
 * what the file held, and a matrix stored as float64 also keeps its stored values exactly, so that
 * a matrix read and written back is unchanged, element type and values.
 */
public sealed interface DataMatrix permits DenseMatrix, SparseMatrix {
  /** Number of rows (cells). */
  int rows();

  /** Number of columns (features). */
  int cols();

  /** Stored entries: rows x cols for dense, the non-zeros for sparse. */
  long nnz();

  /** The element type the values came from (or are written as). */
  Dtype dtype();

  /** {@code dense}, {@code csr} or {@code csc}. */
  String storage();

  /** A dense copy (for a dense matrix: the matrix itself, not copied). */
  Matrix toDense();

  /** The rows {@code idx}, in that order, in the same storage. */
  DataMatrix selectRows(int[] idx);

  /** The columns {@code idx}, in that order, in the same storage. */
  DataMatrix selectCols(int[] idx);
}
