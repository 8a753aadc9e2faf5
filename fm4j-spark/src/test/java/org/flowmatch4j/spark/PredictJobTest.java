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
import org.flowmatch4j.FlowModel;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.tasks.trajectory.GrowthFlow;
import org.flowmatch4j.tasks.trajectory.GrowthInference;
import org.flowmatch4j.tasks.trajectory.GrowthModel;
import org.flowmatch4j.tasks.trajectory.TrajectoryConfig;
import org.flowmatch4j.tasks.trajectory.TrajectoryFlow;
import org.flowmatch4j.tasks.trajectory.TrajectoryInference;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.NetworkSpec;
import org.flowmatch4j.train.OptimSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict against the single-machine {@link FlowModel} on the same checkpoint and cells, and its refusals. */
class PredictJobTest {
  @TempDir static Path tmp;
  static Path modelFile;
  static Path cells;
  static FlowModel model;
  static Matrix x;

  @BeforeAll
  static void trainTinyModelAndWriteCells() throws Exception {
    SplittableRandom rng = new SplittableRandom(3);
    Matrix target = new Matrix(200, 2);
    for (int i = 0; i < 200; i++) {
      target.data[2 * i] = (float) (2 + 0.3 * rng.nextGaussian());
      target.data[2 * i + 1] = (float) (-1 + 0.3 * rng.nextGaussian());
    }
    model = FlowMatching.builder().network(16, 2).steps(40).batch(64).seed(5).fit(target);
    modelFile = tmp.resolve("model.ckpt");
    model.save(modelFile);
    AnnData a = AtlasTest.sparseAtlas(97, 5, 4);
    x = a.obsmDense("X_pca");
    cells = tmp.resolve("cells.h5ad");
    H5ad.write(cells, a);
  }

  @Test
  void pushesAndLikelihoodsEqualTheSingleMachineModelBitForBit() {
    Path out = tmp.resolve("pred");
    LocalSpark.Run r = LocalSpark.run("predict", cells.toString(), "--model", modelFile.toString(), "--from", "0",
        "--to", "1,0.5", "--log-likelihood", "--solver", "euler", "--nfe", "20", "--batch", "10", "--partitions", "3",
        "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    SolverSpec euler = SolverSpec.fixed(SolverKind.EULER, 20);
    Matrix at1 = model.push(x, 0, 1, euler);
    Matrix atHalf = model.push(x, 0, 0.5, euler);
    double[] ll = model.logLikelihood(x, euler);
    List<Row> rows = AtlasTest.collect(LocalSpark.get().read().parquet(out.toString()));
    assertEquals(97, rows.size());
    for (int i = 0; i < 97; i++) {
      Row row = rows.get(i);
      assertEquals("cell" + i, row.getString(0));
      assertArrayEquals(new double[] {at1.data[2 * i], at1.data[2 * i + 1]}, row.<Vector>getAs("x_1_0").toArray());
      assertArrayEquals(new double[] {atHalf.data[2 * i], atHalf.data[2 * i + 1]}, row.<Vector>getAs("x_0_5").toArray());
      assertEquals(ll[i], row.<Double>getAs("log_likelihood"), 0.0, "cell " + i);
    }
  }

  @Test
  void aTrajectoryFlowPushesBetweenDaysAsOnOneMachineBitForBit() throws Exception {
    SplittableRandom rng = new SplittableRandom(8);
    float[][] course = new float[150][2];
    double[] days = new double[150];
    for (int i = 0; i < 150; i++) {
      days[i] = 2 + 2 * (i % 3);
      course[i][0] = (float) (days[i] + 0.2 * rng.nextGaussian());
      course[i][1] = (float) (0.2 * rng.nextGaussian());
    }
    TrajectoryFlow flow = TrajectoryInference.builder().steps(30).seed(2).fit(course, days);
    Path file = tmp.resolve("course.fm4j");
    flow.save(file);
    Path out = tmp.resolve("pred-course");
    LocalSpark.Run r = LocalSpark.run("predict", cells.toString(), "--model", file.toString(), "--to", "6,1",
        "--solver", "rk4", "--nfe", "8", "--batch", "16", "--partitions", "2", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    SolverSpec rk4 = SolverSpec.fixed(SolverKind.RK4, 8);
    Matrix atDay6 = flow.predict(x, 2, 6, rk4);
    Matrix atDay1 = flow.predict(x, 2, 1, rk4);
    List<Row> rows = AtlasTest.collect(LocalSpark.get().read().parquet(out.toString()));
    assertEquals(97, rows.size());
    for (int i = 0; i < 97; i++) {
      Row row = rows.get(i);
      assertArrayEquals(new double[] {atDay6.data[2 * i], atDay6.data[2 * i + 1]}, row.<Vector>getAs("x_6_0").toArray());
      assertArrayEquals(new double[] {atDay1.data[2 * i], atDay1.data[2 * i + 1]}, row.<Vector>getAs("x_1_0").toArray());
    }
    LocalSpark.Run ll = LocalSpark.run("predict", cells.toString(), "--model", file.toString(), "--log-likelihood",
        "--out", tmp.resolve("pred-course-ll").toString());
    assertEquals(2, ll.code(), ll.err());
    assertTrue(ll.err().contains("--log-likelihood") && ll.err().contains("time course"), ll.err());
    assertFalse(Files.exists(tmp.resolve("pred-course-ll")));
  }

  @Test
  void aGrowthFlowGivesPositionsAndWeightsAsOnOneMachineBitForBit() throws Exception {
    SplittableRandom rng = new SplittableRandom(4);
    float[][] course = new float[120][];
    double[] days = new double[120];
    for (int i = 0; i < 120; i++) {
      days[i] = i < 40 ? 0 : 1;
      course[i] = new float[] {(float) (days[i] + 0.2 * rng.nextGaussian()), (float) (0.2 * rng.nextGaussian())};
    }
    TrajectoryConfig cfg = new TrajectoryConfig(Matcher.WFR, 0, null, new NetworkSpec(16, 2, Activation.SELU), new OptimSpec(20, 32, 1e-2, 0, 0, 0), SolverSpec.fixed(SolverKind.EULER, 10));
    GrowthFlow flow = GrowthInference.builder().config(cfg).seed(1).fit(course, days);
    Path file = tmp.resolve("growth.fm4j");
    flow.save(file);
    Path out = tmp.resolve("pred-growth");
    LocalSpark.Run r = LocalSpark.run("predict", cells.toString(), "--model", file.toString(), "--solver", "euler",
        "--nfe", "10", "--batch", "32", "--partitions", "2", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    double[] ones = new double[x.rows];
    java.util.Arrays.fill(ones, 1.0);
    GrowthModel.Particles p = flow.push(x, ones, 0, 1, SolverSpec.fixed(SolverKind.EULER, 10));
    List<Row> rows = AtlasTest.collect(LocalSpark.get().read().parquet(out.toString()));
    assertEquals(97, rows.size());
    for (int i = 0; i < 97; i++) {
      Row row = rows.get(i);
      assertArrayEquals(new double[] {p.x().data[2 * i], p.x().data[2 * i + 1]}, row.<Vector>getAs("x_1_0").toArray());
      assertEquals(p.w()[i], row.<Double>getAs("w_1_0"), 0.0, "cell " + i);
    }
  }

  @Test
  void aCheckpointOfAnotherKindIsRefusedInOneSentenceWithoutOutput() throws Exception {
    Checkpoint other = new Checkpoint();
    other.put("flow.task", "toy");
    Path ckpt = tmp.resolve("toy.ckpt");
    other.write(ckpt);
    Path out = tmp.resolve("refused");
    LocalSpark.Run r = LocalSpark.run("predict", cells.toString(), "--model", ckpt.toString(), "--out", out.toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("flow.task") && r.err().contains("toy"), r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void zeroPartitionsAndAMissingInputAreRefused() {
    Path out = tmp.resolve("refused2");
    LocalSpark.Run r = LocalSpark.run("predict", cells.toString(), "--model", modelFile.toString(), "--partitions", "0",
        "--out", out.toString());
    assertEquals(2, r.code());
    assertEquals("fm4j spark predict: --partitions must be at least 1, got 0", r.err().strip());
    r = LocalSpark.run("to-parquet", tmp.resolve("absent.h5ad").toString(), "--out", out.toString());
    assertEquals(2, r.code());
    assertEquals("fm4j spark to-parquet: FILE " + tmp.resolve("absent.h5ad") + ": no such file", r.err().strip());
    assertFalse(Files.exists(out));
  }

  @Test
  void anErrorInsideATaskIsReportedByItsOwnMessage() {
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () ->
        Atlas.ranges(LocalSpark.get(), RowRanges.even(4, 2)).foreach(range -> {
          throw new IllegalArgumentException("cells.h5ad: cannot read 'X/data' of rows " + range[0] + " to " + range[1]);
        }));
    assertTrue(SparkErrors.unwrap(e).getMessage().startsWith("cells.h5ad: cannot read 'X/data' of rows "),
        SparkErrors.unwrap(e).getMessage());
    assertFalse(e.getMessage().startsWith("cells.h5ad"), "Spark wraps a task's error");
  }

  @Test
  void aFailedJobLeavesNoOutputDirectory() {
    Path out = tmp.resolve("failed");
    // X has 5 genes for a 2-dimensional model: every task fails
    LocalSpark.Run r = LocalSpark.run("predict", cells.toString(), "--model", modelFile.toString(), "--embedding", "X",
        "--partitions", "2", "--out", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("a vector of length 5 where 2 were expected"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(Files.exists(out));
    try (var files = Files.walk(tmp)) {
      List<String> left = files.map(Path::toString).filter(f -> f.contains(".tmp-")).toList();
      assertTrue(left.isEmpty(), "left behind: " + left);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
