package org.flowmatch4j.data.counts;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.file.Path;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.SparseMatrix;

/**
 * A 10x Genomics HDF5 feature-barcode matrix as Cell Ranger (3.0 and later) and Space Ranger write
 * it, e.g. {@code filtered_feature_bc_matrix.h5}: group {@code matrix} with {@code data}, {@code
 * indices}, {@code indptr} (the genes x barcodes matrix in CSC, so barcodes x genes in CSR), {@code
 * shape} (genes, barcodes), {@code barcodes}, and {@code features/name}, {@code features/id},
 * {@code features/feature_type}. The result is barcodes x genes in CSR, gene names as var index
 * (scanpy's {@code read_10x_h5}), {@code gene_ids} and {@code feature_types} as var columns.
 */
public final class TenxH5 {
  private TenxH5() {}

  /** Reads the file; a missing dataset or an inconsistent size is an error naming the file and key. */
  public static AnnData read(Path file) {
    try (HdfFile h = new HdfFile(file)) {
      long[] shape = longs(h, file, "matrix/shape");
      if (shape.length != 2) {
        throw new IllegalArgumentException(file + ": matrix/shape must hold (genes, barcodes)");
      }
      int genes = Math.toIntExact(shape[0]);
      int cells = Math.toIntExact(shape[1]);
      String[] barcodes = strings(h, file, "matrix/barcodes", cells);
      String[] names = strings(h, file, "matrix/features/name", genes);
      String[] ids = strings(h, file, "matrix/features/id", genes);
      long[] ptr = longs(h, file, "matrix/indptr");
      long[] idx = longs(h, file, "matrix/indices");
      double[] val = doubles(h, file, "matrix/data");
      if (ptr.length != cells + 1 || ptr[0] != 0 || ptr[cells] != idx.length || idx.length != val.length) {
        throw new IllegalArgumentException(file + ": matrix/indptr, indices and data do not describe a "
            + genes + " x " + cells + " CSC matrix");
      }
      int[] indptr = new int[cells + 1];
      int[] indices = new int[idx.length];
      float[] data = new float[val.length];
      for (int i = 0; i <= cells; i++) {
        indptr[i] = Math.toIntExact(ptr[i]);
        if (i > 0 && indptr[i] < indptr[i - 1]) {
          throw new IllegalArgumentException(file + ": matrix/indptr decreases at barcode " + i);
        }
      }
      for (int k = 0; k < idx.length; k++) {
        if (idx[k] < 0 || idx[k] >= genes) {
          throw new IllegalArgumentException(file + ": matrix/indices[" + k + "] = " + idx[k] + " is not a gene row");
        }
        indices[k] = (int) idx[k];
        double v = val[k];
        if (!(v >= 0) || v != Math.rint(v) || v > Counts.MAX_EXACT) {
          int cell = barcodeOf(indptr, k);
          throw new IllegalArgumentException(file + ": matrix/data is not a count matrix: barcode '" + barcodes[cell]
              + "', gene '" + names[indices[k]] + "' holds " + v + "; counts must be non-negative integers up to 2^24");
        }
        data[k] = (float) v;
      }
      SparseMatrix x = new SparseMatrix(SparseMatrix.Format.CSR, cells, genes, indptr, indices, data, Dtype.INT32)
          .convert().convert();
      DataFrame var = new DataFrame("_index", names);
      var.put("gene_ids", new Column.Strings(ids));
      if (h.getByPath("matrix/features") instanceof io.jhdf.api.Group g && g.getChildren().containsKey("feature_type")) {
        var.put("feature_types", new Column.Strings(strings(h, file, "matrix/features/feature_type", genes)));
      }
      AnnData a = new AnnData(x, new DataFrame("_index", barcodes), var);
      a.setSource(file);
      return a;
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": not a 10x HDF5 feature-barcode matrix (" + e.getMessage() + ")", e);
    }
  }

  private static int barcodeOf(int[] indptr, int k) {
    int i = 0;
    while (indptr[i + 1] <= k) {
      i++;
    }
    return i;
  }

  private static Object data(HdfFile h, Path file, String key) {
    Node n;
    try {
      n = h.getByPath(key);
    } catch (RuntimeException e) {
      n = null;
    }
    if (!(n instanceof Dataset d)) {
      throw new IllegalArgumentException(file + ": has no dataset " + key + " (expected a 10x HDF5 feature-barcode matrix)");
    }
    return d.getData();
  }

  private static long[] longs(HdfFile h, Path file, String key) {
    Object a = data(h, file, key);
    long[] out = new long[Array.getLength(a)];
    for (int i = 0; i < out.length; i++) {
      Object v = Array.get(a, i);
      if (!(v instanceof Number n) || v instanceof Float || v instanceof Double) {
        throw new IllegalArgumentException(file + ": " + key + " must hold integers");
      }
      out[i] = n.longValue();
    }
    return out;
  }

  private static double[] doubles(HdfFile h, Path file, String key) {
    Object a = data(h, file, key);
    double[] out = new double[Array.getLength(a)];
    for (int i = 0; i < out.length; i++) {
      if (!(Array.get(a, i) instanceof Number n)) {
        throw new IllegalArgumentException(file + ": " + key + " must hold numbers");
      }
      out[i] = n.doubleValue();
    }
    return out;
  }

  private static String[] strings(HdfFile h, Path file, String key, int n) {
    Object a = data(h, file, key);
    if (!(a instanceof String[] s) || s.length != n) {
      throw new IllegalArgumentException(file + ": " + key + " must hold " + n + " strings");
    }
    return s;
  }
}
