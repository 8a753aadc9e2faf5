package org.flowmatch4j.data.h5ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Matrices keep their element type through a read and a write, float64 values exactly. */
class StoredDtypeTest {
  @TempDir Path dir;

  /** Values that float32 cannot hold: 1/3 + i 1e-9. */
  private static double[] fine(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = 1.0 / 3 + i * 1e-9;
    }
    return v;
  }

  private static AnnData withFloat64AndIntegers() {
    Matrix x = new Matrix(4, 3);
    for (int i = 0; i < x.data.length; i++) {
      x.data[i] = i % 5;
    }
    AnnData a = new AnnData(new DenseMatrix(x, Dtype.INT32), DataFrame.ofSize(4), DataFrame.ofSize(3));
    a.obsm().put("X_umap", DenseMatrix.float64(4, 2, fine(8)));
    a.varm().put("PCs", DenseMatrix.float64(3, 2, fine(6)));
    double[] conn = fine(4);
    float[] f = new float[4];
    for (int i = 0; i < 4; i++) {
      f[i] = (float) conn[i];
    }
    a.obsp().put("distances", new SparseMatrix(SparseMatrix.Format.CSR, 4, 4, new int[] {0, 1, 2, 3, 4},
        new int[] {1, 0, 3, 2}, f, Dtype.FLOAT64, conn));
    return a;
  }

  @Test
  void anIntegerMatrixHoldingAFractionIsRefusedNotTruncated() {
    Matrix x = new Matrix(2, 2);
    x.data[3] = 2.5f;
    AnnData a = new AnnData(new DenseMatrix(x, Dtype.INT32), DataFrame.ofSize(2), DataFrame.ofSize(2));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> H5ad.write(dir.resolve("c.h5ad"), a));
    assertTrue(e.getMessage().contains("holds 2.5 at stored entry 3"), e.getMessage());
  }

  @Test
  void float64AndIntegerMatricesAreWrittenBackAsStored() throws IOException {
    Path f = dir.resolve("a.h5ad");
    H5ad.write(f, withFloat64AndIntegers());
    Path g = dir.resolve("b.h5ad");
    H5ad.write(g, H5ad.read(f)); // read and written back, as preprocess passes them through
    AnnData b = H5ad.read(g);
    assertEquals(Dtype.INT32, b.x().dtype());
    assertEquals(3f, b.x().toDense().get(1, 0));
    DenseMatrix umap = (DenseMatrix) b.obsm().get("X_umap");
    assertEquals(Dtype.FLOAT64, umap.dtype());
    assertArrayEquals(fine(8), umap.exact());
    assertArrayEquals(fine(6), ((DenseMatrix) b.varm().get("PCs")).exact());
    SparseMatrix d = (SparseMatrix) b.obsp().get("distances");
    assertEquals(Dtype.FLOAT64, d.dtype());
    assertArrayEquals(fine(4), d.exact);
    assertEquals("float64", H5ad.summarize(g).matrices().get("obsm").get("X_umap").dtype());
    assertEquals("int32", H5ad.summarize(g).x().dtype());
  }

  @Test
  void selectionsKeepTheExactValues() {
    AnnData a = withFloat64AndIntegers();
    DenseMatrix umap = (DenseMatrix) a.obsm().get("X_umap").selectRows(new int[] {3, 1}).selectCols(new int[] {1});
    assertArrayEquals(new double[] {fine(8)[7], fine(8)[3]}, umap.exact());
    SparseMatrix d = (SparseMatrix) a.obsp().get("distances");
    SparseMatrix csc = d.convert();
    assertArrayEquals(new double[] {fine(4)[1], fine(4)[0], fine(4)[3], fine(4)[2]}, csc.exact);
    SparseMatrix cols = (SparseMatrix) d.selectCols(new int[] {2, 0});
    // column 2 holds row 3's entry, column 0 row 1's
    assertArrayEquals(new double[] {fine(4)[1], fine(4)[3]}, cols.exact);
    assertArrayEquals(new double[] {fine(4)[2]}, ((SparseMatrix) d.selectRows(new int[] {2})).exact);
  }
}
