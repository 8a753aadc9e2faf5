package org.flowmatch4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.flowmatch4j.FlowMatching;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs joined by --then: one after the other in one session, stopping at the first that fails. */
class ChainTest {
  @TempDir Path tmp;

  /** The rows of a Parquet output by cell, each as its list of values (vectors as arrays). */
  private static List<List<Object>> values(Path dir) {
    return AtlasTest.collect(LocalSpark.get().read().parquet(dir.toString())).stream()
        .map(r -> java.util.stream.IntStream.range(0, r.size())
            .mapToObj(k -> r.get(k) instanceof Vector v ? (Object) java.util.Arrays.toString(v.toArray()) : r.get(k)).toList())
        .toList();
  }

  @Test
  void cellsHandedOnInMemoryGiveTheRowsOfTheParquetRoundTripBitForBit() throws Exception {
    Path file = tmp.resolve("atlas.h5ad");
    H5ad.write(file, AtlasTest.sparseAtlas(31, 9, 4));
    SplittableRandom rng = new SplittableRandom(2);
    Matrix target = new Matrix(100, 2);
    for (int i = 0; i < target.data.length; i++) {
      target.data[i] = (float) (1 + 0.5 * rng.nextGaussian());
    }
    Path model = tmp.resolve("model.ckpt");
    FlowMatching.builder().network(8, 2).steps(10).batch(32).seed(1).fit(target).save(model);
    String[] pre = {"--target-sum", "1e4", "--log1p", "--hvg", "5", "--pcs", "2"};
    String[] push = {"--model", model.toString(), "--from", "0", "--to", "1,0.5", "--solver", "euler", "--nfe", "7"};
    for (String parts : new String[] {"3", "4"}) {
      // preprocess's partitions fix the order of the PCA's sums; predict's partitions change nothing, and
      // batches of one cell make the kernels' arithmetic that of each cell alone
      Path pca = tmp.resolve("pca" + parts);
      Path viaParquet = tmp.resolve("via-parquet" + parts);
      LocalSpark.Run r = LocalSpark.run(PreprocessJobTest.concat(PreprocessJobTest.concat(
          new String[] {"preprocess", file.toString(), "--out", pca.toString(), "--partitions", parts}, pre),
          PreprocessJobTest.concat(new String[] {"--then", "predict", pca.toString(), "--partitions", "2", "--batch", "1",
              "--out", viaParquet.toString()}, push)));
      assertEquals(0, r.code(), r.err());
      Path inMemory = tmp.resolve("in-memory" + parts);
      r = LocalSpark.run(PreprocessJobTest.concat(PreprocessJobTest.concat(
          new String[] {"preprocess", file.toString(), "--partitions", parts}, pre),
          PreprocessJobTest.concat(new String[] {"--then", "predict", "--batch", "1", "--out", inMemory.toString()}, push)));
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().startsWith("kept in memory for the next job: 31 cells x 9 genes in " + parts + " partitions"), r.out());
      List<List<Object>> want = values(viaParquet);
      assertEquals(31, want.size());
      assertEquals(List.of("obs_names", "day", "depth", "X_pca", "x_1_0", "x_0_5"),
          List.of(LocalSpark.get().read().parquet(inMemory.toString()).schema().fieldNames()));
      assertEquals(want, values(inMemory));
    }
    // batches of 7 cells: the same embedding; the pushes within the kernels' rounding of a batch
    Path batched = tmp.resolve("batched");
    LocalSpark.Run b = LocalSpark.run(PreprocessJobTest.concat(PreprocessJobTest.concat(
        new String[] {"preprocess", file.toString(), "--partitions", "4"}, pre),
        PreprocessJobTest.concat(new String[] {"--then", "predict", "--batch", "7", "--out", batched.toString()}, push)));
    assertEquals(0, b.code(), b.err());
    List<Row> want = AtlasTest.collect(LocalSpark.get().read().parquet(tmp.resolve("via-parquet4").toString()));
    List<Row> got = AtlasTest.collect(LocalSpark.get().read().parquet(batched.toString()));
    for (int i = 0; i < 31; i++) {
      assertArrayEquals(want.get(i).<Vector>getAs("X_pca").toArray(), got.get(i).<Vector>getAs("X_pca").toArray());
      for (String c : new String[] {"x_1_0", "x_0_5"}) {
        assertArrayEquals(want.get(i).<Vector>getAs(c).toArray(), got.get(i).<Vector>getAs(c).toArray(), 1e-5, c + " of cell " + i);
      }
    }
    Path sample = tmp.resolve("sample.h5ad");
    LocalSpark.Run r = LocalSpark.run(PreprocessJobTest.concat(
        PreprocessJobTest.concat(new String[] {"preprocess", file.toString(), "--partitions", "3"}, pre),
        new String[] {"--then", "sample", "--key", "day", "--per-group", "4", "--out", sample.toString()}));
    assertEquals(0, r.code(), r.err());
    Path single = tmp.resolve("sample-of-parquet.h5ad");
    assertEquals(0, LocalSpark.run("sample", tmp.resolve("pca3").toString(), "--key", "day", "--per-group", "4",
        "--out", single.toString()).code());
    assertArrayEquals(H5ad.read(single).obs().index(), H5ad.read(sample).obs().index());
    assertArrayEquals(H5ad.read(single).obsmDense("X_pca").data, H5ad.read(sample).obsmDense("X_pca").data);
  }

  @Test
  void aJobWithoutOutputNeedsAJobWithoutInputAfterIt() throws Exception {
    Path file = tmp.resolve("atlas.h5ad");
    H5ad.write(file, AtlasTest.sparseAtlas(12, 5, 9));
    Path out = tmp.resolve("out");
    String giver = "fm4j spark preprocess: --out is required, unless the next job (after --then) is predict, distance or sample"
        + " without INPUT, which then takes the cells in memory";
    LocalSpark.Run r = LocalSpark.run("preprocess", file.toString(), "--pcs", "2");
    assertEquals(2, r.code());
    assertEquals(giver, r.err().strip());
    r = LocalSpark.run("preprocess", file.toString(), "--pcs", "2", "--then", "predict", out.toString(), "--model", "m",
        "--out", tmp.resolve("pred").toString());
    assertEquals(2, r.code());
    assertEquals(giver, r.err().strip());
    r = LocalSpark.run("predict", "--model", "m", "--out", out.toString());
    assertEquals(2, r.code());
    assertEquals("fm4j spark predict: INPUT is required, unless the job before it (before --then) is preprocess without --out,"
        + " whose cells it then takes in memory", r.err().strip());
    r = LocalSpark.run("preprocess", file.toString(), "--pcs", "2", "--then", "sample", "--key", "day", "--per-group", "2",
        "--partitions", "2", "--out", tmp.resolve("s.h5ad").toString());
    assertEquals(2, r.code());
    assertEquals("fm4j spark sample: --partitions: the cells of the job before --then keep its partitions; give --partitions to that job", r.err().strip());
    assertFalse(Files.exists(out) || Files.exists(tmp.resolve("s.h5ad")));
  }

  @Test
  void jobsRunInTurnAndTheFirstFailureStopsTheChain() throws Exception {
    Path file = tmp.resolve("atlas.h5ad");
    H5ad.write(file, AtlasTest.sparseAtlas(30, 5, 9));
    Path cells = tmp.resolve("cells.parquet");
    Path sample = tmp.resolve("sample.h5ad");
    LocalSpark.Run r = LocalSpark.run("to-parquet", file.toString(), "--out", cells.toString(), "--obsm", "X_pca",
        "--partitions", "2", "--then", "sample", cells.toString(), "--key", "day", "--per-group", "4", "--out", sample.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("wrote " + cells) && r.out().contains(sample.toString()), r.out());
    AnnData s = H5ad.read(sample);
    assertEquals(12, s.nObs());
    Path single = tmp.resolve("single.h5ad");
    assertEquals(0, LocalSpark.run("sample", cells.toString(), "--key", "day", "--per-group", "4", "--out", single.toString()).code());
    assertArrayEquals(H5ad.read(single).obs().index(), s.obs().index());

    Path second = tmp.resolve("second.parquet");
    r = LocalSpark.run("to-parquet", tmp.resolve("missing.h5ad").toString(), "--out", tmp.resolve("first.parquet").toString(),
        "--then", "to-parquet", file.toString(), "--out", second.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().strip().startsWith("fm4j spark to-parquet: FILE ") && r.err().strip().endsWith("no such file"), r.err());
    assertFalse(Files.exists(second), "the job after a failed one ran");

    r = LocalSpark.run("to-parquet", file.toString(), "--out", second.toString(), "--then");
    assertEquals(2, r.code());
    assertEquals("fm4j spark: --then must stand between two jobs, e.g. preprocess A.h5ad --out B --then predict B ...", r.err().strip());
    r = LocalSpark.run("to-parquet", file.toString(), "--out", second.toString(), "--then", "to-parquet", file.toString(),
        "--out", tmp.resolve("third").toString(), "--master", "local[1]");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--master applies to every job after --then"), r.err());
    assertFalse(Files.exists(second), "a job ran before the chain was refused");
  }
}
