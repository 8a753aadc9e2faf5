package org.flowmatch4j.data.h5ad;

import static org.flowmatch4j.data.h5ad.H5adNodes.child;
import static org.flowmatch4j.data.h5ad.H5adNodes.dataset;
import static org.flowmatch4j.data.h5ad.H5adNodes.encoding;
import static org.flowmatch4j.data.h5ad.H5adNodes.shapeAttr;
import static org.flowmatch4j.data.h5ad.H5adNodes.size1d;
import static org.flowmatch4j.data.h5ad.H5adNodes.stringAttr;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.util.Arrays;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.tensor.Matrix;

/**
 * The matrices of an {@code .h5ad} file (X, layers, obsm, varm, obsp, varp, raw/X) in every
 * encoding: dense datasets, CSR/CSC groups ({@code encoding-type} or legacy {@code
 * h5sparse_format}) and the fields of legacy compound datasets, restricted to selected rows and
 * columns while they are read.
 */
final class H5adMatrices {
  private final H5adSource src;

  H5adMatrices(H5adSource src) {
    this.src = src;
  }

  /**
   * A dense or sparse matrix element with {@code n} rows (and {@code m} columns unless m < 0),
   * restricted to the selected rows/columns; null (with a note) for a dataframe stored in obsm.
   */
  DataMatrix matrix(Node node, String key, int n, int m, int[] rows, int[] cols) {
    if (node instanceof Dataset d) {
      return dense(d, key, n, m, rows, cols);
    }
    Group g = (Group) node;
    String enc = encoding(g);
    boolean legacySparse = g.getAttributes().containsKey("h5sparse_format");
    if (isMatrix(g)) {
      long[] shape = shapeAttr(g, legacySparse ? "h5sparse_shape" : "shape");
      if (shape[0] != n || (m >= 0 && shape[1] != m)) {
        throw new IllegalArgumentException(
            "has shape " + shape[0] + "x" + shape[1] + ", expected " + n + "x" + (m >= 0 ? m : "?"));
      }
      DataMatrix out = sparse(g, key, legacySparse, rows);
      if (cols != null) {
        out = out.selectCols(cols);
      }
      return out;
    }
    src.notes().add("skipped " + key + " (encoding '" + enc + "' is not a matrix)");
    return null;
  }

  /** Whether {@link #matrix} reads this node as a matrix (rather than skipping it with a note). */
  private static boolean isMatrix(Node node) {
    if (node instanceof Dataset) {
      return true;
    }
    String enc = encoding(node);
    return enc.equals("csr_matrix") || enc.equals("csc_matrix") || node.getAttributes().containsKey("h5sparse_format");
  }

  DataMatrix dense(Dataset d, String key, int n, int m, int[] rows, int[] cols) {
    int[] dims = d.getDimensions();
    if (dims.length == 0 || dims.length > 2) {
      throw new IllegalArgumentException("expected a 1-D or 2-D array, shape is " + Arrays.toString(dims));
    }
    if (d.isCompound()) {
      throw new IllegalArgumentException("a compound dataset is not a matrix");
    }
    int r = dims[0];
    int c = dims.length == 2 ? dims[1] : 1;
    if (r != n || (m >= 0 && c != m)) {
      throw new IllegalArgumentException("has shape " + Arrays.toString(dims) + ", expected " + n + "x" + (m >= 0 ? m : "?"));
    }
    Dtype t = Hdf5Arrays.dtype(d.getDataType(), key);
    if (t == Dtype.FLOAT64) {
      // float64 is kept exactly, so that writing the matrix back loses nothing
      double[] exact = rows == null ? src.arrays().doubles(d, 0, Math.multiplyExact(r, c), key) : new double[rows.length * c];
      if (rows != null) {
        forRuns(rows, (k, run) -> System.arraycopy(src.arrays().doubles(d, (long) rows[k] * c, run * c, key), 0, exact, k * c, run * c));
      }
      DataMatrix dm = DenseMatrix.float64(rows == null ? r : rows.length, c, exact);
      return cols == null ? dm : dm.selectCols(cols);
    }
    Matrix out;
    if (rows == null) {
      out = new Matrix(r, c, src.arrays().floats(d, 0, Math.multiplyExact(r, c), key));
    } else {
      Matrix o = new Matrix(rows.length, c);
      forRuns(rows, (k, run) -> System.arraycopy(src.arrays().floats(d, (long) rows[k] * c, run * c, key), 0, o.data, k * c, run * c));
      out = o;
    }
    DataMatrix dm = new DenseMatrix(out, t);
    return cols == null ? dm : dm.selectCols(cols);
  }

  /** Calls {@code run.accept(k, length)} for each run of consecutive indices {@code rows[k..k+length)}. */
  static void forRuns(int[] rows, java.util.function.BiConsumer<Integer, Integer> run) {
    int k = 0;
    while (k < rows.length) {
      int n = 1;
      while (k + n < rows.length && rows[k + n] == rows[k] + n) {
        n++;
      }
      run.accept(k, n);
      k += n;
    }
  }

  /** Entries [from, from + count) of a sparse matrix's data: float32 values, and the exact ones if stored as float64. */
  record Values(float[] data, double[] exact) {}

  Values values(Dataset dataD, Dtype t, int from, int count, String key) {
    if (t != Dtype.FLOAT64) {
      return new Values(src.arrays().floats(dataD, from, count, key), null);
    }
    double[] exact = src.arrays().doubles(dataD, from, count, key);
    float[] data = new float[count];
    for (int i = 0; i < count; i++) {
      data[i] = (float) exact[i];
    }
    return new Values(data, exact);
  }

  SparseMatrix sparse(Group g, String key, boolean legacySparse, int[] rows) {
    String fmt = legacySparse ? stringAttr(g, "h5sparse_format") : encoding(g).replace("_matrix", "");
    SparseMatrix.Format format = switch (fmt) {
      case "csr" -> SparseMatrix.Format.CSR;
      case "csc" -> SparseMatrix.Format.CSC;
      default -> throw new IllegalArgumentException("unknown sparse format '" + fmt + "'");
    };
    long[] shape = shapeAttr(g, legacySparse ? "h5sparse_shape" : "shape");
    int rowsN = (int) shape[0];
    int colsN = (int) shape[1];
    Dataset dataD = dataset(child(g, "data", true));
    Dataset indD = dataset(child(g, "indices", true));
    Dataset ptrD = dataset(child(g, "indptr", true));
    int[] indptr = src.arrays().ints(ptrD, 0, size1d(ptrD), key + "/indptr");
    int nnz = size1d(dataD);
    if (size1d(indD) != nnz) {
      throw new IllegalArgumentException("data has " + nnz + " entries but indices has " + size1d(indD));
    }
    Dtype t = Hdf5Arrays.dtype(dataD.getDataType(), key + "/data");
    if (format == SparseMatrix.Format.CSR && rows != null) {
      return csrRows(rowsN, colsN, indptr, dataD, indD, t, rows, key);
    }
    // one after the other, each decoded by a parallel loop over its chunks on every core; the
    // indices are range-checked chunk by chunk as they are decoded
    int minor = format == SparseMatrix.Format.CSR ? colsN : rowsN;
    int[] indices = src.arrays().indices(indD, 0, nnz, minor, key + "/indices");
    Values data = values(dataD, t, 0, nnz, key + "/data");
    SparseMatrix s = SparseMatrix.ofCheckedIndices(format, rowsN, colsN, indptr, indices, data.data(), t, data.exact());
    return rows == null ? s : (SparseMatrix) s.selectRows(rows);
  }

  /** Reads only the selected rows of a CSR matrix: runs of consecutive rows in one read each. */
  SparseMatrix csrRows(
      int rowsN, int colsN, int[] indptr, Dataset dataD, Dataset indD, Dtype t, int[] rows, String key) {
    if (indptr.length != rowsN + 1) {
      throw new IllegalArgumentException("indptr has length " + indptr.length + ", expected " + (rowsN + 1));
    }
    int[] ptr = new int[rows.length + 1];
    for (int k = 0; k < rows.length; k++) {
      int len = indptr[rows[k] + 1] - indptr[rows[k]];
      if (len < 0) {
        throw new IllegalArgumentException("indptr decreases at row " + rows[k]);
      }
      ptr[k + 1] = Math.addExact(ptr[k], len);
    }
    float[] data = new float[ptr[rows.length]];
    double[] exact = t == Dtype.FLOAT64 ? new double[data.length] : null;
    int[] indices = new int[ptr[rows.length]];
    forRuns(rows, (k, run) -> {
      int from = indptr[rows[k]];
      int len = indptr[rows[k] + run] - from;
      Values v = values(dataD, t, from, len, key + "/data");
      System.arraycopy(v.data(), 0, data, ptr[k], len);
      if (exact != null) {
        System.arraycopy(v.exact(), 0, exact, ptr[k], len);
      }
      System.arraycopy(src.arrays().ints(indD, from, len, key + "/indices"), 0, indices, ptr[k], len);
    });
    return new SparseMatrix(SparseMatrix.Format.CSR, rows.length, colsN, ptr, indices, data, t, exact);
  }

  /** A legacy compound field as an n x k matrix (an array member gives k columns). */
  static Matrix fieldMatrix(Object v, int n, String key) {
    if (Array.getLength(v) != n) {
      throw new IllegalArgumentException("has " + Array.getLength(v) + " rows, expected " + n);
    }
    if (n == 0) {
      return new Matrix(0, 0);
    }
    Object first = Array.get(v, 0);
    if (first != null && first.getClass().isArray()) {
      int k = Array.getLength(first);
      Matrix m = new Matrix(n, k);
      for (int i = 0; i < n; i++) {
        Object row = Array.get(v, i);
        if (Array.getLength(row) != k) {
          throw new IllegalArgumentException("ragged rows");
        }
        for (int j = 0; j < k; j++) {
          m.data[i * k + j] = ((Number) Array.get(row, j)).floatValue();
        }
      }
      return m;
    }
    Matrix m = new Matrix(n, 1);
    for (int i = 0; i < n; i++) {
      m.data[i] = ((Number) Array.get(v, i)).floatValue();
    }
    return m;
  }
}
