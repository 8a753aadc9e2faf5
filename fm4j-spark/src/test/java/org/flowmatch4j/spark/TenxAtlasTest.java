package org.flowmatch4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.flowmatch4j.cli.Main;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.counts.TenxFixture;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 10x Matrix Market folder read by cell ranges against the same cells in an .h5ad file. */
class TenxAtlasTest {
  @TempDir Path tmp;

  private static void assertSameCells(List<Row> want, List<Row> got) {
    assertEquals(want.size(), got.size());
    for (int i = 0; i < want.size(); i++) {
      assertEquals(want.get(i).getString(0), got.get(i).getString(0));
      Vector w = want.get(i).getAs(Atlas.X);
      Vector g = got.get(i).getAs(Atlas.X);
      assertTrue(g instanceof SparseVector, "cell " + i);
      assertArrayEquals(w.toArray(), g.toArray(), "cell " + i);
    }
  }

  @Test
  void cellRangesAnywhereGiveTheRowsOfTheH5ad() throws IOException {
    AnnData a = AtlasTest.sparseAtlas(40, 9, 1);
    Path h5ad = tmp.resolve("atlas.h5ad");
    H5ad.write(h5ad, a);
    List<Row> want = AtlasTest.collect(Atlas.frame(LocalSpark.get(), new H5adAtlas(h5ad.toString()), RowRanges.even(40, 2), null));
    SplittableRandom rng = new SplittableRandom(5);
    for (boolean gzip : new boolean[] {false, true}) {
      AtlasFile tenx = AtlasFile.of(TenxFixture.write(a, tmp.resolve("tenx" + gzip), gzip), "FILE");
      int parts = 2 + rng.nextInt(5);
      int[] b = new int[parts + 1];
      for (int i = 1; i < parts; i++) {
        b[i] = rng.nextInt(41);
      }
      b[parts] = 40;
      Arrays.sort(b);
      List<Row> got = AtlasTest.collect(Atlas.frame(LocalSpark.get(), tenx, new RowRanges(b), null));
      assertSameCells(want, got);
      assertEquals(List.of(SparkRows.ID, Atlas.X), Arrays.asList(got.get(0).schema().fieldNames()), "obs is the barcodes");
    }
    Path dir = tmp.resolve("cells.parquet");
    LocalSpark.Run r = LocalSpark.run("to-parquet", tmp.resolve("tenxtrue").toString(), "--out", dir.toString(), "--partitions", "3");
    assertEquals(0, r.code(), r.err());
    assertSameCells(want, AtlasTest.collect(LocalSpark.get().read().parquet(dir.toString())));
  }

  @Test
  void preprocessOfAFolderWritesTheFileOfTheSingleMachine() throws IOException {
    AnnData a = H5ad.read(SharedData.require("pbmc68k_counts.h5ad"));
    Path tenx = TenxFixture.write(a, tmp.resolve("tenx"), true);
    String[] options = {"--target-sum", "1e4", "--log1p", "--hvg", "100", "--pcs", "5"};
    Path single = tmp.resolve("single.h5ad");
    StringWriter err = new StringWriter();
    String[] args = PreprocessJobTest.concat(new String[] {"preprocess", tenx.toString(), "--out", single.toString()}, options);
    assertEquals(0, Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err)), err.toString());
    Path spark = tmp.resolve("spark.h5ad");
    LocalSpark.Run r = LocalSpark.run(PreprocessJobTest.concat(new String[] {"preprocess", tenx.toString(), "--out", spark.toString(),
        "--partitions", "4"}, options));
    assertEquals(0, r.code(), r.err());
    AnnData want = H5ad.read(single);
    AnnData got = H5ad.read(spark);
    assertArrayEquals(want.obs().index(), got.obs().index());
    assertArrayEquals(want.var().index(), got.var().index());
    assertEquals(want.var().columns().keySet(), got.var().columns().keySet());
    assertArrayEquals(want.requireX().toDense().data, got.requireX().toDense().data);
    Matrix w = want.obsmDense("X_pca");
    Matrix g = got.obsmDense("X_pca");
    for (int k = 0; k < w.data.length; k++) {
      assertEquals(w.data[k], g.data[k], 1e-4 * (1 + Math.abs(w.data[k])), "X_pca entry " + k);
    }
  }

  private LocalSpark.Run toParquetOf(Path folder, Path out) {
    return LocalSpark.run("to-parquet", folder.toString(), "--out", out.toString(), "--partitions", "3");
  }

  private void assertNothingWritten(Path out) throws IOException {
    assertFalse(Files.exists(out), "an output was left");
    try (var files = Files.list(out.getParent())) {
      assertFalse(files.anyMatch(f -> f.getFileName().toString().contains(".tmp-")), "a temporary directory was left behind");
    }
  }

  @Test
  void aTruncatedOrCorruptMatrixIsOneSentenceNamingFileAndLineAndNoOutput() throws IOException {
    AnnData a = AtlasTest.sparseAtlas(30, 6, 3);
    Path cut = TenxFixture.write(a, tmp.resolve("cut"), false);
    List<String> lines = Files.readAllLines(cut.resolve("matrix.mtx"));
    Files.write(cut.resolve("matrix.mtx"), lines.subList(0, lines.size() - 3));
    Path out = tmp.resolve("out.parquet");
    LocalSpark.Run r = toParquetOf(cut, out);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(cut.resolve("matrix.mtx") + " line " + (lines.size() - 2) + ": the file ends after"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertNothingWritten(out);

    // a value that is not a count, found by the task that reads its range
    Path bad = TenxFixture.write(a, tmp.resolve("bad"), false);
    lines.set(lines.size() - 1, lines.get(lines.size() - 1).replaceAll(" \\d+$", " -4"));
    Files.write(bad.resolve("matrix.mtx"), lines);
    r = toParquetOf(bad, out);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(bad.resolve("matrix.mtx") + " line " + lines.size() + ": value -4"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertNothingWritten(out);
  }
}
