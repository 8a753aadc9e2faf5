package org.flowmatch4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.h5ad.H5ad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs joined by --then: one after the other in one session, stopping at the first that fails. */
class ChainTest {
  @TempDir Path tmp;

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
