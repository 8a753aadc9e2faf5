package org.flowmatch4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.flowmatch4j.cli.Main;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.tasks.trajectory.GrowthFlow;
import org.flowmatch4j.tasks.trajectory.GrowthModel;
import org.flowmatch4j.tasks.trajectory.TrajectoryFlow;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models trained by the command line ({@code fm4j trajectory --fit-all --model-out}) and pushed by {@code fm4j spark predict}. */
class ModelOutTest {
  @TempDir Path tmp;

  private static void fm4j(String... args) {
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertEquals(0, code, err.toString());
  }

  @Test
  void trajectoryAndGrowthFlowsWrittenByTheCommandLinePredictInSparkAsLoadedOnOneMachine() throws Exception {
    AnnData a = AtlasTest.sparseAtlas(60, 3, 5);
    Path cells = tmp.resolve("course.h5ad");
    H5ad.write(cells, a);
    Matrix x = a.obsmDense("X_pca");
    Path flowFile = tmp.resolve("trajectory.fm4j");
    Path growthFile = tmp.resolve("growth.fm4j");
    String[] tiny = {"--data", cells.toString(), "--time-key", "day", "--embedding", "X_pca", "--fit-all", "--steps", "10",
        "--batch", "16", "--seeds", "1", "--width", "8", "--depth", "1", "--solver", "euler", "--nfe", "4"};
    fm4j(concat(new String[] {"trajectory", "--out", tmp.resolve("run").toString(), "--model-out", flowFile.toString()}, tiny));
    fm4j(concat(new String[] {"trajectory", "--matcher", "wfr", "--out", tmp.resolve("run-growth").toString(),
        "--model-out", growthFile.toString()}, tiny));
    SolverSpec euler = SolverSpec.fixed(SolverKind.EULER, 4);

    Path out = tmp.resolve("pred");
    LocalSpark.Run r = LocalSpark.run("predict", cells.toString(), "--model", flowFile.toString(), "--from", "0", "--to",
        "2", "--nfe", "4", "--partitions", "2", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    Matrix want = TrajectoryFlow.load(flowFile).predict(x, 0, 2, euler);
    List<Row> rows = AtlasTest.collect(LocalSpark.get().read().parquet(out.toString()));
    for (int i = 0; i < x.rows; i++) {
      assertArrayEquals(new double[] {want.data[2 * i], want.data[2 * i + 1]}, rows.get(i).<Vector>getAs("x_2_0").toArray());
    }

    out = tmp.resolve("pred-growth");
    r = LocalSpark.run("predict", cells.toString(), "--model", growthFile.toString(), "--from", "0", "--to", "2",
        "--nfe", "4", "--partitions", "2", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    double[] ones = new double[x.rows];
    java.util.Arrays.fill(ones, 1);
    GrowthModel.Particles p = GrowthFlow.load(growthFile).push(x, ones, 0, 2, euler);
    rows = AtlasTest.collect(LocalSpark.get().read().parquet(out.toString()));
    for (int i = 0; i < x.rows; i++) {
      assertArrayEquals(new double[] {p.x().data[2 * i], p.x().data[2 * i + 1]}, rows.get(i).<Vector>getAs("x_2_0").toArray());
      assertEquals(p.w()[i], rows.get(i).<Double>getAs("w_2_0"), 0.0);
    }
    assertTrue(p.w()[0] != 1.0, "the growth network changes the weights");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
