package org.flowmatch4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtlasTest {
  @TempDir Path tmp;

  /** A small CSR atlas with empty rows, a categorical and a numeric obs column, and an obsm matrix. */
  static AnnData sparseAtlas(int n, int p, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Matrix dense = new Matrix(n, p);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        if (i % 7 != 3 && rng.nextDouble() < 0.2) {
          dense.data[i * p + j] = 1 + rng.nextInt(20);
        }
      }
    }
    String[] ids = new String[n];
    String[] day = new String[n];
    double[] depth = new double[n];
    for (int i = 0; i < n; i++) {
      ids[i] = "cell" + i;
      day[i] = String.valueOf(i % 3);
      depth[i] = i * 0.5;
    }
    DataFrame obs = new DataFrame("cell", ids);
    obs.put("day", Column.Categorical.of(day, false));
    obs.put("depth", new Column.Numeric(depth, Dtype.FLOAT64));
    String[] genes = new String[p];
    for (int j = 0; j < p; j++) {
      genes[j] = "g" + j;
    }
    AnnData a = new AnnData(SparseMatrix.fromDense(dense), obs, new DataFrame("gene", genes));
    Matrix emb = new Matrix(n, 2);
    for (int k = 0; k < emb.data.length; k++) {
      emb.data[k] = (float) rng.nextGaussian();
    }
    a.obsm().put("X_pca", org.flowmatch4j.data.DenseMatrix.of(emb));
    return a;
  }

  /** Rows collected in cell order. */
  static List<Row> collect(Dataset<Row> d) {
    return d.collectAsList().stream().sorted((a, b) -> Integer.compare(id(a), id(b))).toList();
  }

  private static int id(Row r) {
    String s = r.getString(0);
    return Integer.parseInt(s.replaceAll("\\D", ""));
  }

  @Test
  void rangesSplittingACsrMatrixAnywhereGiveTheSameRows() throws Exception {
    AnnData a = sparseAtlas(40, 9, 1);
    Path f = tmp.resolve("atlas.h5ad");
    H5ad.write(f, a);
    AtlasFile file = new H5adAtlas(f.toString());
    Matrix x = a.requireX().toDense();
    SplittableRandom rng = new SplittableRandom(7);
    for (int trial = 0; trial < 3; trial++) {
      int parts = 1 + rng.nextInt(6);
      int[] b = new int[parts + 1];
      for (int i = 1; i < parts; i++) {
        b[i] = rng.nextInt(41);
      }
      b[parts] = 40;
      Arrays.sort(b);
      List<Row> rows = collect(Atlas.frame(LocalSpark.get(), file, new RowRanges(b), null));
      assertEquals(40, rows.size(), "bounds " + Arrays.toString(b));
      for (int i = 0; i < 40; i++) {
        Row r = rows.get(i);
        assertEquals("cell" + i, r.getString(0));
        assertEquals(String.valueOf(i % 3), r.getString(1));
        assertEquals(i * 0.5, r.getDouble(2));
        Vector v = r.getAs(Atlas.X);
        assertInstanceOf(SparseVector.class, v);
        double[] want = new double[9];
        for (int j = 0; j < 9; j++) {
          want[j] = x.data[i * 9 + j];
        }
        assertArrayEquals(want, v.toArray(), "row " + i + ", bounds " + Arrays.toString(b));
      }
    }
  }

  @Test
  void obsmAndDenseXComeAsDenseVectors() throws Exception {
    AnnData a = sparseAtlas(11, 4, 2);
    Path f = tmp.resolve("atlas.h5ad");
    H5ad.write(f, a);
    List<Row> rows = collect(Atlas.frame(LocalSpark.get(), new H5adAtlas(f.toString()), RowRanges.even(11, 4), "X_pca"));
    Matrix emb = a.obsmDense("X_pca");
    for (int i = 0; i < 11; i++) {
      Vector v = rows.get(i).getAs("X_pca");
      assertInstanceOf(DenseVector.class, v);
      assertArrayEquals(new double[] {emb.data[2 * i], emb.data[2 * i + 1]}, v.toArray());
    }
  }

  @Test
  void denseXOfARealFileReadByRowRanges() {
    Path f = SharedData.require("pbmc68k_reduced.h5ad");
    AnnData a = H5ad.read(f);
    Matrix x = a.requireX().toDense();
    List<Row> rows = Atlas.frame(LocalSpark.get(), new H5adAtlas(f.toString()), RowRanges.even(a.nObs(), 3), null)
        .collectAsList();
    assertEquals(a.nObs(), rows.size());
    String[] ids = a.obs().index();
    java.util.Map<String, Integer> at = new java.util.HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      at.put(ids[i], i);
    }
    for (Row r : rows) {
      int i = at.get(r.getString(0));
      Vector v = r.getAs(Atlas.X);
      assertInstanceOf(DenseVector.class, v);
      for (int j = 0; j < x.cols; j++) {
        assertEquals(x.data[i * x.cols + j], v.apply(j), 0.0, "cell " + i + ", gene " + j);
      }
    }
  }

  @Test
  void obsHeldByTheJvmIsReadAgainWhenTheFileChanges() throws Exception {
    Path f = tmp.resolve("atlas.h5ad");
    H5ad.write(f, sparseAtlas(12, 5, 3));
    AtlasFile file = new H5adAtlas(f.toString());
    AnnData first = file.read(new int[] {4, 9}, true, null);
    assertArrayEquals(new String[] {"cell4", "cell5", "cell6", "cell7", "cell8"}, first.obs().index());
    assertEquals(5, first.var().size());
    AnnData whole = H5ad.read(f);
    assertArrayEquals(whole.requireX().toDense().rows(new int[] {4, 5, 6, 7, 8}).data, first.requireX().toDense().data);

    // the same path with other cells (a different size): the held obs must not be used
    H5ad.write(f, sparseAtlas(30, 5, 4));
    AnnData second = file.read(new int[] {27, 30}, false, null);
    assertArrayEquals(new String[] {"cell27", "cell28", "cell29"}, second.obs().index());
    assertEquals(null, second.x());
  }
}
