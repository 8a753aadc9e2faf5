package org.flowmatch4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.metrics.EnergyDistance;
import org.flowmatch4j.metrics.Mmd;
import org.flowmatch4j.metrics.SinkhornDivergences;
import org.flowmatch4j.metrics.Wasserstein;
import org.flowmatch4j.tasks.trajectory.TimeCourse;
import org.flowmatch4j.tasks.trajectory.TimeCourseLoader;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** distance by blocks against the single-machine metrics, and the stratified sample the trainer reads. */
class DistanceAndSampleTest {
  @TempDir static Path tmp;
  static Path file;
  static AnnData atlas;

  @BeforeAll
  static void writeAtlas() throws Exception {
    atlas = AtlasTest.sparseAtlas(61, 3, 9);
    file = tmp.resolve("atlas.h5ad");
    H5ad.write(file, atlas);
  }

  private static Matrix cellsOf(String day) {
    return atlas.obsmDense("X_pca").rows(atlas.obsRows("day", day));
  }

  @Test
  void blockSumsGiveTheSingleMachineEnergyDistanceAndMmd() {
    Dataset<Row> cells = Atlas.frame(LocalSpark.get(), new H5adAtlas(file.toString()), RowRanges.even(61, 3), "X_pca");
    // blocks of 4 cells: every population is cut into several blocks in every partition
    BlockDistances.Result r = BlockDistances.compute(
        BlockDistances.clouds(cells.javaRDD(), "day", "X_pca", "0", "2", 4), Mmd.CELLFLOW_GAMMAS);
    Matrix x = cellsOf("0");
    Matrix y = cellsOf("2");
    assertEquals(x.rows, r.nx());
    assertEquals(y.rows, r.ny());
    assertEquals(EnergyDistance.energy(x, y), r.energy(), 1e-12);
    assertEquals(Mmd.cellflow(x, y), r.mmd(), 1e-12);
  }

  @Test
  void distanceCommandPrintsTheExactW1AndSinkhornDivergencesWhenTheSampleHoldsEveryCellAndRefusesAnUnknownGroup() {
    LocalSpark.Run r = LocalSpark.run("distance", file.toString(), "--key", "day", "--a", "0", "--b", "1",
        "--partitions", "2", "--w1-cells", "100", "--sinkhorn-eps", "0.5,10");
    assertEquals(0, r.code(), r.err());
    double w1 = Wasserstein.w1(cellsOf("0"), cellsOf("1"));
    assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "W1 %.6g (exact: every cell)", w1)), r.out());
    for (double eps : new double[] {0.5, 10}) {
      // the draw lists the cells in another order: equal up to the order of the sums
      String prefix = "Sinkhorn divergence (eps " + eps + ") ";
      String line = r.out().lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
      assertTrue(line.endsWith("(exact: every cell)"), line);
      double got = Double.parseDouble(line.substring(prefix.length()).split(" ")[0]);
      double want = SinkhornDivergences.at(cellsOf("0"), cellsOf("1"), eps);
      assertEquals(want, got, 1e-5 * Math.abs(want), line);
    }
    r = LocalSpark.run("distance", file.toString(), "--key", "day", "--a", "0", "--b", "1", "--partitions", "2",
        "--w1-cells", "8", "--w1-repeats", "3", "--sinkhorn-eps", "10");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("on 8 cells per group; sd over 3 draws"), r.out());
    assertEquals(2, r.out().lines().filter(l -> l.contains("on 8 cells per group")).count(), r.out());
    r = LocalSpark.run("distance", file.toString(), "--key", "day", "--a", "0", "--b", "7", "--partitions", "2");
    assertEquals(2, r.code());
    assertEquals("fm4j spark distance: no cell has day = '7' (values: [0, 1, 2])", r.err().strip());
  }

  @Test
  void stratifiedSampleDoesNotDependOnThePartitionsAndTheTrainerReadsIt() throws Exception {
    Path a = tmp.resolve("a.h5ad");
    Path b = tmp.resolve("b.h5ad");
    assertEquals(0, LocalSpark.run("sample", file.toString(), "--key", "day", "--per-group", "6", "--seed", "3",
        "--partitions", "2", "--out", a.toString()).code());
    assertEquals(0, LocalSpark.run("sample", file.toString(), "--key", "day", "--per-group", "6", "--seed", "3",
        "--partitions", "5", "--out", b.toString()).code());
    AnnData sa = H5ad.read(a);
    assertArrayEquals(sa.obs().index(), H5ad.read(b).obs().index());
    assertEquals(18, sa.nObs());
    Matrix all = atlas.obsmDense("X_pca");
    List<String> ids = List.of(atlas.obs().index());
    Matrix got = sa.obsmDense("X_pca");
    for (int i = 0; i < sa.nObs(); i++) {
      int row = ids.indexOf(sa.obs().index()[i]);
      assertEquals(String.valueOf(row % 3), sa.obs().column("day").label(i));
      assertArrayEquals(new float[] {all.data[2 * row], all.data[2 * row + 1]}, new float[] {got.data[2 * i], got.data[2 * i + 1]});
    }
    TimeCourse course = TimeCourseLoader.load(a, "day", "X_pca", false, false).course();
    assertEquals(3, course.size());
    for (int k = 0; k < 3; k++) {
      assertEquals(6, course.snapshot(k).rows);
    }
  }
}
