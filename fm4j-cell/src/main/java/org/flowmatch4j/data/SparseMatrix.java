package org.flowmatch4j.data;

import java.util.Arrays;
import java.util.Objects;
import org.flowmatch4j.tensor.Matrix;

/**
 * A compressed sparse matrix as SciPy stores it. In CSR, row i's entries are
 * {@code data[indptr[i] .. indptr[i+1])} at columns {@code indices[...]}; CSC is the same with rows
 * and columns swapped. Arrays are used as given (not copied); the constructor checks their
 * consistency once.
 */
public final class SparseMatrix implements DataMatrix {
  /** Compressed rows or compressed columns. */
  public enum Format {
    /** Compressed sparse rows: major index = row, minor = column. */
    CSR,
    /** Compressed sparse columns: major index = column, minor = row. */
    CSC
  }

  /** CSR or CSC. */
  public final Format format;
  /** Number of rows. */
  public final int rows;
  /** Number of columns. */
  public final int cols;
  /**
   * Offsets into {@link #indices}/{@link #data}: length major + 1, non-decreasing, from 0 to nnz.
   */
  public final int[] indptr;
  /** Minor index of each stored entry. */
  public final int[] indices;
  /** Value of each stored entry. */
  public final float[] data;
  /**
   * For float64 storage, the stored value of each entry (so that writing loses nothing); else null.
   */
  public final double[] exact;
  private final Dtype dtype;

  /** A matrix without exact float64 values. */
  public SparseMatrix(Format format, int rows, int cols, int[] indptr, int[] indices, float[] data, Dtype dtype) {
    this(format, rows, cols, indptr, indices, data, dtype, null);
  }

  /** A matrix; {@code exact}, if not null, holds the float64 value of each entry of {@code data}. */
  public SparseMatrix(Format format, int rows, int cols, int[] indptr, int[] indices, float[] data, Dtype dtype, double[] exact) {
    this(format, rows, cols, indptr, indices, data, dtype, exact, true);
  }

  /**
   * A matrix whose indices the caller has already checked with {@link #indicesBelow} (a reader
   * checks each decoded piece while it is in cache, sparing the constructor a second pass over
   * the array); everything else is checked as by the constructor.
   */
  public static SparseMatrix ofCheckedIndices(
      Format format, int rows, int cols, int[] indptr, int[] indices, float[] data, Dtype dtype, double[] exact) {
    return new SparseMatrix(format, rows, cols, indptr, indices, data, dtype, exact, false);
  }

  private SparseMatrix(
      Format format, int rows, int cols, int[] indptr, int[] indices, float[] data, Dtype dtype, double[] exact,
      boolean checkIndices) {
    if (exact != null && (dtype != Dtype.FLOAT64 || exact.length != data.length)) {
      throw new IllegalArgumentException("exact values need dtype float64 and " + data.length + " entries");
    }
    this.exact = exact;
    this.format = Objects.requireNonNull(format, "format");
    this.rows = rows;
    this.cols = cols;
    this.indptr = indptr;
    this.indices = indices;
    this.data = data;
    this.dtype = dtype;
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
    }
    int major = format == Format.CSR ? rows : cols;
    int minor = format == Format.CSR ? cols : rows;
    if (indptr.length != major + 1) {
      throw new IllegalArgumentException(
          "indptr has length " + indptr.length + ", expected " + (major + 1) + " for a " + rows + "x" + cols + " " + format);
    }
    if (indices.length != data.length) {
      throw new IllegalArgumentException("indices has length " + indices.length + " but data has " + data.length);
    }
    if (indptr[0] != 0 || indptr[major] != data.length) {
      throw new IllegalArgumentException(
          "indptr must run from 0 to nnz = " + data.length + ", got " + indptr[0] + " .. " + indptr[major]);
    }
    for (int i = 0; i < major; i++) {
      if (indptr[i + 1] < indptr[i]) {
        throw new IllegalArgumentException("indptr decreases at position " + i);
      }
    }
    if (checkIndices && !indicesBelow(indices, 0, indices.length, minor)) {
      throw outside(indices, minor);
    }
  }

  /**
   * Whether every one of indices[from, to) lies in [0, bound). v does iff neither v nor (bound - 1
   * - v) is negative (no overflow for v >= 0), so this is one OR reduction, which the JIT vectorises.
   */
  public static boolean indicesBelow(int[] indices, int from, int to, int bound) {
    int last = bound - 1;
    int sign = 0;
    for (int k = from; k < to; k++) {
      int v = indices[k];
      sign |= v | (last - v);
    }
    return sign >= 0;
  }

  /** The error naming the first of {@code indices} outside [0, bound), for arrays that {@link #indicesBelow} rejected. */
  public static IllegalArgumentException outside(int[] indices, int bound) {
    for (int k = 0; k < indices.length; k++) {
      if (indices[k] < 0 || indices[k] >= bound) {
        return new IllegalArgumentException("index " + indices[k] + " at entry " + k + " is outside [0, " + bound + ")");
      }
    }
    throw new IllegalStateException("every index is in [0, " + bound + ")");
  }

  /** A float32 CSR matrix. */
  public static SparseMatrix csr(int rows, int cols, int[] indptr, int[] indices, float[] data) {
    return new SparseMatrix(Format.CSR, rows, cols, indptr, indices, data, Dtype.FLOAT32);
  }

  /** The CSR form of a dense matrix (exact zeros dropped). */
  public static SparseMatrix fromDense(Matrix m) {
    int nnz = 0;
    for (float v : m.data) {
      if (v != 0f) {
        nnz++;
      }
    }
    int[] indptr = new int[m.rows + 1];
    int[] indices = new int[nnz];
    float[] data = new float[nnz];
    int k = 0;
    for (int i = 0; i < m.rows; i++) {
      for (int j = 0; j < m.cols; j++) {
        float v = m.data[i * m.cols + j];
        if (v != 0f) {
          indices[k] = j;
          data[k++] = v;
        }
      }
      indptr[i + 1] = k;
    }
    return csr(m.rows, m.cols, indptr, indices, data);
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  public long nnz() {
    return data.length;
  }

  public Dtype dtype() {
    return dtype;
  }

  public String storage() {
    return format == Format.CSR ? "csr" : "csc";
  }

  public Matrix toDense() {
    Matrix out = new Matrix(rows, cols);
    int major = format == Format.CSR ? rows : cols;
    for (int i = 0; i < major; i++) {
      for (int k = indptr[i]; k < indptr[i + 1]; k++) {
        int r = format == Format.CSR ? i : indices[k];
        int c = format == Format.CSR ? indices[k] : i;
        out.data[r * cols + c] += data[k];
      }
    }
    return out;
  }

  /** The same matrix in the other compressed format (a counting-sort transpose of the arrays). */
  public SparseMatrix convert() {
    int major = format == Format.CSR ? rows : cols;
    int minor = format == Format.CSR ? cols : rows;
    int[] count = new int[minor + 1];
    for (int j : indices) {
      count[j + 1]++;
    }
    for (int j = 0; j < minor; j++) {
      count[j + 1] += count[j];
    }
    int[] next = Arrays.copyOf(count, minor);
    int[] idx = new int[indices.length];
    float[] val = new float[data.length];
    double[] ex = exact == null ? null : new double[exact.length];
    for (int i = 0; i < major; i++) {
      for (int k = indptr[i]; k < indptr[i + 1]; k++) {
        int p = next[indices[k]]++;
        idx[p] = i;
        val[p] = data[k];
        if (ex != null) {
          ex[p] = exact[k];
        }
      }
    }
    Format other = format == Format.CSR ? Format.CSC : Format.CSR;
    return new SparseMatrix(other, rows, cols, count, idx, val, dtype, ex);
  }

  /** This matrix in CSR (itself if already CSR). */
  public SparseMatrix toCsr() {
    return format == Format.CSR ? this : convert();
  }

  public DataMatrix selectRows(int[] idx) {
    if (format == Format.CSC) {
      return ((SparseMatrix) toCsr().selectRows(idx)).convert();
    }
    int[] ptr = new int[idx.length + 1];
    for (int k = 0; k < idx.length; k++) {
      int i = Objects.checkIndex(idx[k], rows);
      ptr[k + 1] = ptr[k] + indptr[i + 1] - indptr[i];
    }
    int[] ind = new int[ptr[idx.length]];
    float[] val = new float[ptr[idx.length]];
    double[] ex = exact == null ? null : new double[ptr[idx.length]];
    for (int k = 0; k < idx.length; k++) {
      int i = idx[k];
      int len = indptr[i + 1] - indptr[i];
      System.arraycopy(indices, indptr[i], ind, ptr[k], len);
      System.arraycopy(data, indptr[i], val, ptr[k], len);
      if (ex != null) {
        System.arraycopy(exact, indptr[i], ex, ptr[k], len);
      }
    }
    return new SparseMatrix(Format.CSR, idx.length, cols, ptr, ind, val, dtype, ex);
  }

  public DataMatrix selectCols(int[] idx) {
    // map old column -> list of new positions (a column may be selected twice)
    int[] first = new int[cols];
    Arrays.fill(first, -1);
    int[] nextSame = new int[idx.length];
    for (int k = idx.length - 1; k >= 0; k--) {
      int j = Objects.checkIndex(idx[k], cols);
      nextSame[k] = first[j];
      first[j] = k;
    }
    SparseMatrix csr = toCsr();
    int[] ptr = new int[rows + 1];
    for (int i = 0; i < rows; i++) {
      int n = 0;
      for (int k = csr.indptr[i]; k < csr.indptr[i + 1]; k++) {
        for (int p = first[csr.indices[k]]; p >= 0; p = nextSame[p]) {
          n++;
        }
      }
      ptr[i + 1] = ptr[i] + n;
    }
    int[] ind = new int[ptr[rows]];
    float[] val = new float[ptr[rows]];
    double[] ex = exact == null ? null : new double[ptr[rows]];
    for (int i = 0; i < rows; i++) {
      int q = ptr[i];
      for (int k = csr.indptr[i]; k < csr.indptr[i + 1]; k++) {
        for (int p = first[csr.indices[k]]; p >= 0; p = nextSame[p]) {
          ind[q] = p;
          if (ex != null) {
            ex[q] = csr.exact[k];
          }
          val[q++] = csr.data[k];
        }
      }
      sortRow(ind, val, ex, ptr[i], ptr[i + 1]);
    }
    SparseMatrix out = new SparseMatrix(Format.CSR, rows, idx.length, ptr, ind, val, dtype, ex);
    return format == Format.CSR ? out : out.convert();
  }

  /**
   * Insertion sort of one row's entries by index, moving the values (and exact values, if any)
   * along.
   */
  private static void sortRow(int[] ind, float[] val, double[] ex, int from, int to) {
    for (int a = from + 1; a < to; a++) {
      int ki = ind[a];
      float kv = val[a];
      double ke = ex == null ? 0 : ex[a];
      int b = a - 1;
      while (b >= from && ind[b] > ki) {
        ind[b + 1] = ind[b];
        val[b + 1] = val[b];
        if (ex != null) {
          ex[b + 1] = ex[b];
        }
        b--;
      }
      ind[b + 1] = ki;
      val[b + 1] = kv;
      if (ex != null) {
        ex[b + 1] = ke;
      }
    }
  }

  @Override
  public String toString() {
    return "SparseMatrix[" + format + " " + rows + "x" + cols + ", nnz=" + data.length + "]";
  }
}
