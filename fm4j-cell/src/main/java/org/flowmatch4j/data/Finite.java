package org.flowmatch4j.data;

import org.flowmatch4j.tensor.Matrix;

/** Checks that data which must be finite is, naming the element and the first bad entry. */
public final class Finite {
  private Finite() {}

  /**
   * Throws {@link IllegalArgumentException} naming {@code what} if the matrix is empty or holds NaN
   * or ±Inf, with the row and column (0-based, as stored) of the first bad entry.
   */
  public static void require(DataMatrix m, String what) {
    if (m.rows() == 0 || m.cols() == 0) {
      throw new IllegalArgumentException(what + " is empty (" + m.rows() + "x" + m.cols() + ")");
    }
    if (m instanceof DenseMatrix d) {
      require(d.values(), what);
    } else {
      SparseMatrix s = (SparseMatrix) m;
      for (int major = 0; major + 1 < s.indptr.length; major++) {
        for (int k = s.indptr[major]; k < s.indptr[major + 1]; k++) {
          if (!Float.isFinite(s.data[k])) {
            boolean csr = s.format == SparseMatrix.Format.CSR;
            throw new IllegalArgumentException(what + " has a non-finite value (" + s.data[k] + ") at row "
                + (csr ? major : s.indices[k]) + ", column " + (csr ? s.indices[k] : major));
          }
        }
      }
    }
  }

  /** Throws naming {@code what}, the row and the column of the first NaN or ±Inf. */
  public static void require(Matrix m, String what) {
    if (m.rows == 0 || m.cols == 0) {
      throw new IllegalArgumentException(what + " is empty (" + m.rows + "x" + m.cols + ")");
    }
    for (int i = 0; i < m.data.length; i++) {
      if (!Float.isFinite(m.data[i])) {
        throw new IllegalArgumentException(
            what + " has a non-finite value (" + m.data[i] + ") at row " + (i / m.cols) + ", column " + (i % m.cols));
      }
    }
  }
}
