package org.flowmatch4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.tasks.perturbation.PerturbationFlow;
import org.flowmatch4j.tasks.perturbation.PerturbationResponse;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict with a perturbation flow: cells x conditions as on one machine, bit for bit, and its refusals. */
class PerturbationPredictTest {
  @TempDir static Path tmp;
  static Path modelFile;
  static Path cells;
  static PerturbationFlow flow;
  static Matrix x;

  @BeforeAll
  static void trainTinyFlowAndWriteCells() throws Exception {
    SplittableRandom rng = new SplittableRandom(6);
    float[][] train = new float[90][];
    String[] context = new String[90];
    String[] condition = new String[90];
    for (int i = 0; i < 90; i++) {
      int c = i % 3;
      train[i] = new float[] {(float) (c + 0.2 * rng.nextGaussian()), (float) (0.2 * rng.nextGaussian())};
      context[i] = "type";
      condition[i] = c == 0 ? "control" : "drug" + c;
    }
    flow = PerturbationResponse.builder().steps(20).seed(3).fit(train, context, condition, "control");
    modelFile = tmp.resolve("perturb.fm4j");
    flow.save(modelFile);
    AnnData a = AtlasTest.sparseAtlas(61, 4, 2);
    String[] treat = new String[61];
    for (int i = 0; i < 61; i++) {
      treat[i] = "drug" + (1 + i % 2);
    }
    a.obs().put("treat", Column.Categorical.of(treat, false));
    x = a.obsmDense("X_pca");
    cells = tmp.resolve("cells.h5ad");
    H5ad.write(cells, a);
  }

  @Test
  void everyCellUnderEveryConditionEqualsTheSingleMachineFlowBitForBit() {
    Path out = tmp.resolve("pred");
    LocalSpark.Run r = LocalSpark.run("predict", cells.toString(), "--model", modelFile.toString(), "--condition",
        "drug2,drug1", "--seed", "4", "--solver", "euler", "--nfe", "8", "--batch", "7", "--partitions", "3",
        "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    // one call over all cells: other batches than the job's, so equality shows a cell depends on itself only
    SolverSpec euler = SolverSpec.fixed(SolverKind.EULER, 8);
    long[] seeds = new long[61];
    for (int i = 0; i < 61; i++) {
      seeds[i] = PerturbationFlow.cellSeed(4, "cell" + i);
    }
    Matrix drug1 = flow.predictEach(x, "drug1", seeds, euler);
    Matrix drug2 = flow.predictEach(x, "drug2", seeds, euler);
    List<Row> rows = AtlasTest.collect(LocalSpark.get().read().parquet(out.toString()));
    assertEquals(122, rows.size());
    for (Row row : rows) {
      int i = Integer.parseInt(row.getString(0).substring(4));
      Matrix m = row.getAs("pred_condition").equals("drug1") ? drug1 : drug2;
      assertArrayEquals(new double[] {m.data[2 * i], m.data[2 * i + 1]}, row.<Vector>getAs("x_pred").toArray(),
          row.getString(0) + " " + row.getAs("pred_condition"));
    }
    assertNotEquals(drug1.data[0], drug2.data[0]);
  }

  @Test
  void eachCellUnderItsOwnConditionColumnValue() {
    Path out = tmp.resolve("pred-own");
    LocalSpark.Run r = LocalSpark.run("predict", cells.toString(), "--model", modelFile.toString(), "--condition-key",
        "treat", "--nfe", "8", "--batch", "10", "--partitions", "2", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    SolverSpec euler = SolverSpec.fixed(SolverKind.EULER, 8);
    List<Row> rows = AtlasTest.collect(LocalSpark.get().read().parquet(out.toString()));
    assertEquals(61, rows.size());
    for (int i = 0; i < 61; i++) {
      Row row = rows.get(i);
      String c = "drug" + (1 + i % 2);
      assertEquals(c, row.getAs("pred_condition"));
      Matrix one = flow.predictEach(x.rows(new int[] {i}), c, new long[] {PerturbationFlow.cellSeed(0, "cell" + i)}, euler);
      assertArrayEquals(new double[] {one.data[0], one.data[1]}, row.<Vector>getAs("x_pred").toArray(), "cell " + i);
    }
  }

  @Test
  void aConditionTheModelDoesNotKnowIsRefusedInOneSentenceWithoutOutput() {
    Path out = tmp.resolve("unknown");
    LocalSpark.Run r = LocalSpark.run("predict", cells.toString(), "--model", modelFile.toString(), "--condition",
        "drug1,drug9", "--out", out.toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("'drug9' is not a condition") && r.err().contains("[drug1, drug2]"), r.err());
    assertFalse(Files.exists(out));
    // the day column holds 0, 1 and 2, none of them a condition of the flow
    r = LocalSpark.run("predict", cells.toString(), "--model", modelFile.toString(), "--condition-key", "day",
        "--out", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--condition-key day: the value '0' is not a condition"), r.err());
    assertFalse(Files.exists(out));
    r = LocalSpark.run("predict", cells.toString(), "--model", modelFile.toString(), "--to", "1", "--out", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--to does not apply to the perturbation flow"), r.err());
    assertFalse(Files.exists(out));
  }
}
