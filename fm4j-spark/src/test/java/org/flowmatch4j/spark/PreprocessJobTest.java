package org.flowmatch4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.flowmatch4j.cli.Main;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.NdArray;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distributed preprocess against {@code fm4j preprocess} on the same real files and options. */
class PreprocessJobTest {
  @TempDir Path tmp;

  private AnnData single(Path in, String... options) {
    Path out = tmp.resolve("single.h5ad");
    String[] args = concat(new String[] {"preprocess", in.toString(), "--out", out.toString()}, options);
    StringWriter err = new StringWriter();
    assertEquals(0, Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err)), err.toString());
    return H5ad.read(out);
  }

  static String[] concat(String[] a, String[] b) {
    String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static void assertClose(Matrix want, Matrix got, double tol, String what) {
    assertEquals(want.rows, got.rows, what);
    assertEquals(want.cols, got.cols, what);
    for (int k = 0; k < want.data.length; k++) {
      assertEquals(want.data[k], got.data[k], tol * (1 + Math.abs(want.data[k])), what + " entry " + k);
    }
  }

  private static void assertClose(double[] want, double[] got, double tol, String what) {
    assertEquals(want.length, got.length, what);
    for (int k = 0; k < want.length; k++) {
      if (Double.isNaN(want[k])) {
        assertTrue(Double.isNaN(got[k]), what + " entry " + k);
      } else {
        assertEquals(want[k], got[k], tol * (1 + Math.abs(want[k])), what + " entry " + k);
      }
    }
  }

  private static double[] var(AnnData a, String column) {
    return ((Column.Numeric) a.var().column(column)).values();
  }

  @Test
  void countsWithMedianTargetHvgScaleAndPcaGiveTheSingleMachineFile() {
    Path in = SharedData.require("pbmc68k_counts.h5ad");
    String[] options = {"--target-sum", "median", "--log1p", "--hvg", "200", "--scale", "--max-value", "10", "--pcs", "10"};
    AnnData want = single(in, options);
    Path out = tmp.resolve("spark.h5ad");
    LocalSpark.Run r = LocalSpark.run(concat(new String[] {"preprocess", in.toString(), "--out", out.toString(),
        "--partitions", "3"}, options));
    assertEquals(0, r.code(), r.err());
    AnnData got = H5ad.read(out);
    assertArrayEquals(((Column.Bool) want.var().column("highly_variable")).values(),
        ((Column.Bool) got.var().column("highly_variable")).values());
    for (String c : List.of("means", "dispersions", "dispersions_norm", "mean", "std")) {
      assertClose(var(want, c), var(got, c), 1e-9, "var " + c);
    }
    assertEquals("dense", got.requireX().storage());
    assertClose(want.requireX().toDense(), got.requireX().toDense(), 1e-5, "X");
    assertClose(want.obsmDense("X_pca"), got.obsmDense("X_pca"), 1e-4, "X_pca");
    assertClose(want.varm().get("PCs").toDense(), got.varm().get("PCs").toDense(), 1e-4, "PCs");
    @SuppressWarnings("unchecked")
    Map<String, Object> wantPca = (Map<String, Object>) want.uns().get("pca");
    @SuppressWarnings("unchecked")
    Map<String, Object> gotPca = (Map<String, Object>) got.uns().get("pca");
    assertClose(((NdArray) wantPca.get("variance")).asDoubles(), ((NdArray) gotPca.get("variance")).asDoubles(), 1e-6,
        "variance");
    assertClose(((NdArray) wantPca.get("variance_ratio")).asDoubles(), ((NdArray) gotPca.get("variance_ratio")).asDoubles(),
        1e-6, "variance_ratio");
    assertEquals(want.uns().keySet(), got.uns().keySet());
    assertEquals(want.obs().columns().keySet(), got.obs().columns().keySet());
    assertArrayEquals(want.obs().index(), got.obs().index());
  }

  @Test
  void sparseCountsGiveTheSameSparseXAndAParquetEmbedding() {
    Path in = SharedData.require("moscot_temporal_tests.h5ad");
    String[] options = {"--target-sum", "10000", "--log1p", "--hvg", "100", "--pcs", "5"};
    AnnData want = single(in, options);
    Path out = tmp.resolve("spark.h5ad");
    LocalSpark.Run r = LocalSpark.run(concat(new String[] {"preprocess", in.toString(), "--out", out.toString(),
        "--partitions", "4"}, options));
    assertEquals(0, r.code(), r.err());
    AnnData got = H5ad.read(out);
    assertEquals("csr", got.requireX().storage());
    // normalisation and log1p act on each cell alone: the same float32 values bit for bit
    assertArrayEquals(want.requireX().toDense().data, got.requireX().toDense().data);
    assertClose(want.obsmDense("X_pca"), got.obsmDense("X_pca"), 1e-4, "X_pca");

    Path dir = tmp.resolve("embedding.parquet");
    r = LocalSpark.run(concat(new String[] {"preprocess", in.toString(), "--out", dir.toString(), "--partitions", "3"},
        options));
    assertEquals(0, r.code(), r.err());
    List<Row> rows = LocalSpark.get().read().parquet(dir.toString()).collectAsList();
    assertEquals(want.nObs(), rows.size());
    Matrix scores = want.obsmDense("X_pca");
    List<String> ids = List.of(want.obs().index());
    for (Row row : rows) {
      int i = ids.indexOf(row.<String>getAs(SparkRows.ID));
      Vector v = row.getAs("X_pca");
      for (int c = 0; c < 5; c++) {
        assertEquals(scores.data[i * 5 + c], v.apply(c), 1e-4 * (1 + Math.abs(scores.data[i * 5 + c])), "cell " + i);
      }
      assertEquals(want.obs().column("day").label(i), String.valueOf(row.<Object>getAs("day")));
    }
    try (var files = Files.list(tmp)) {
      assertFalse(files.anyMatch(f -> f.getFileName().toString().contains(".tmp-")), "a temporary directory was left behind");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
