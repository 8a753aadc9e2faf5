package org.flowmatch4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class AnnDataTest {
  static AnnData sample() {
    Matrix x = Matrix.of(new double[][] {{1, 0, 2}, {0, 3, 0}, {4, 0, 5}, {0, 0, 6}});
    AnnData a = new AnnData(SparseMatrix.fromDense(x), new DataFrame("_index", new String[] {"a", "b", "c", "d"}),
        new DataFrame("_index", new String[] {"g0", "g1", "g2"}));
    a.obs().put("day", new Column.Categorical(new int[] {0, 1, 1, 2}, List.of("d0", "d2", "d7"), null, true));
    a.obs().put("t", new Column.Numeric(new double[] {0, 0.5, 0.5, 1}, Dtype.FLOAT32));
    a.obs().put("label", new Column.Strings(new String[] {"1.5", "2", "2", "3"}));
    a.obs().put("cond", Column.Categorical.of(new String[] {"ctrl", "stim", "ctrl", "stim"}, false));
    a.obsm().put("X_pca", DenseMatrix.of(Matrix.of(new double[][] {{1, 1}, {2, 2}, {3, 3}, {4, 4}})));
    a.obsp().put("dist", SparseMatrix.fromDense(Matrix.of(new double[][] {{0, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 2}, {0, 0, 2, 0}})));
    a.varm().put("PCs", DenseMatrix.of(new Matrix(3, 2)));
    return a;
  }

  @Test
  void timesFromEveryKindOfColumn() {
    AnnData a = sample();
    assertArrayEquals(new double[] {0, 1, 1, 2}, a.obsTime("day"), "ordered categorical: category position");
    assertArrayEquals(new double[] {0, 0.5, 0.5, 1}, a.obsTime("t"));
    assertArrayEquals(new double[] {1.5, 2, 2, 3}, a.obsTime("label"), "strings that parse as numbers");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.obsTime("cond"));
    assertEquals("obs column 'cond' is an unordered categorical with non-numeric categories [ctrl, stim]; "
        + "a time column must be numeric or ordered", e.getMessage());
  }

  @Test
  void selectionsKeepEverythingAligned() {
    AnnData a = sample();
    int[] stim = a.obsRows("cond", "stim");
    assertArrayEquals(new int[] {1, 3}, stim);
    AnnData s = a.selectObs(stim);
    assertArrayEquals(new String[] {"b", "d"}, s.obs().index());
    assertEquals(Matrix.of(new double[][] {{0, 3, 0}, {0, 0, 6}}), s.x().toDense());
    assertEquals(Matrix.of(new double[][] {{2, 2}, {4, 4}}), s.obsmDense("X_pca"));
    assertEquals(Matrix.of(new double[][] {{0, 0}, {0, 0}}), s.obsp().get("dist").toDense());
    s.validate();
    AnnData g = a.selectVars(a.varIndices("g2", "g0"));
    assertEquals(Matrix.of(new double[][] {{2, 1}, {0, 0}, {5, 4}, {6, 0}}), g.x().toDense());
    assertEquals(2, g.varm().get("PCs").rows());
    g.validate();
    assertEquals(Matrix.of(new double[][] {{0}, {3}, {0}, {0}}), a.xColumns("g1"));
    assertArrayEquals(new int[] {0, 2}, AnnData.where(new boolean[] {true, false, true, false}));
    e(() -> a.varIndices("nope"), "no gene 'nope' in var");
  }

  private static void e(org.junit.jupiter.api.function.Executable x, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, x).getMessage());
  }

  @Test
  void sparseMatrixOperations() {
    Matrix d = Matrix.of(new double[][] {{1, 0, 2}, {0, 3, 0}});
    SparseMatrix csr = SparseMatrix.fromDense(d);
    SparseMatrix csc = csr.convert();
    assertEquals("csc", csc.storage());
    assertEquals(d, csc.toDense());
    assertEquals(d, csc.convert().toDense());
    assertEquals(Matrix.of(new double[][] {{2, 2, 1}, {0, 0, 0}}), csr.selectCols(new int[] {2, 2, 0}).toDense());
    assertEquals(Matrix.of(new double[][] {{0, 3, 0}, {1, 0, 2}}), csc.selectRows(new int[] {1, 0}).toDense());
    assertEquals("csc", csc.selectCols(new int[] {1}).storage());
    e(() -> SparseMatrix.csr(2, 3, new int[] {0, 1}, new int[] {0}, new float[] {1}),
        "indptr has length 2, expected 3 for a 2x3 CSR");
    e(() -> SparseMatrix.csr(1, 3, new int[] {0, 1}, new int[] {5}, new float[] {1}),
        "index 5 at entry 0 is outside [0, 3)");
    e(() -> SparseMatrix.csr(2, 3, new int[] {0, 2, 1}, new int[] {0, 1}, new float[] {1, 1}),
        "indptr must run from 0 to nnz = 2, got 0 .. 1");
  }

  @Test
  void shapeMismatchesAreNamed() {
    AnnData a = sample();
    a.layers().put("counts", DenseMatrix.of(new Matrix(4, 2)));
    e(a::validate, "layers/counts has shape 4x2, expected 4x3");
    e(() -> a.obs().put("short", new Column.Bool(new boolean[2])), "column 'short' has 2 rows, the frame has 4");
  }
}
