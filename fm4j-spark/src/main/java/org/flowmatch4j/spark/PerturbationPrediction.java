package org.flowmatch4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.tasks.perturbation.PerturbationFlow;
import org.flowmatch4j.tensor.Matrix;

/**
 * What {@code predict} computes with a perturbation flow ({@link PerturbationFlow#save}): the
 * cells of a partition, in batches, under every condition of {@code conditions} (cells x
 * conditions), or, with {@code conditionColumn}, each cell under its own value of that column. One
 * output row per cell and condition: the input's columns, {@value #CONDITION} and {@value
 * #PREDICTED} (the cell pushed from t = 0 to 1 under the condition). Cell i starts from its own
 * noise, seeded by {@link PerturbationFlow#cellSeed}(seed, obs_name), so with a fixed-step solver
 * its prediction depends on its id, the seed and the condition only, not on the partitions or
 * batches; every condition starts a cell from the same noise.
 *
 * @param checkpoint the model file's bytes, broadcast to the executors once
 * @param name the model's file name, for errors
 * @param column the input vector column
 * @param conditions the conditions of every cell (null with {@code conditionColumn})
 * @param conditionColumn the column naming each cell's condition (null with {@code conditions})
 */
record PerturbationPrediction(Broadcast<byte[]> checkpoint, String name, String column, List<String> conditions,
    String conditionColumn, long seed, SolverKind kind, int nfe, double tol, int batch) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The column of the condition a row's cell was pushed under. */
  static final String CONDITION = "pred_condition";

  /** The column of the predicted cell. */
  static final String PREDICTED = "x_pred";

  /** The input schema followed by {@value #CONDITION} and {@value #PREDICTED}. */
  StructType schema(StructType input) {
    for (String c : new String[] {CONDITION, PREDICTED}) {
      if (List.of(input.fieldNames()).contains(c)) {
        throw new IllegalArgumentException("the input has a column '" + c + "', the name of a column predict writes");
      }
    }
    return input.add(CONDITION, DataTypes.StringType, false).add(PREDICTED, SQLDataTypes.VectorType(), false);
  }

  /** The rows of a partition, each followed by its predictions, computed batch by batch. */
  Iterator<Row> apply(Iterator<Row> rows) {
    PerturbationFlow flow = PerturbationFlow.of(Checkpoint.read(checkpoint.value(), name), name);
    SolverSpec solver = SolverSpec.of(kind, nfe, tol);
    return Batches.map(rows, batch, b -> predict(flow, solver, b));
  }

  private List<Row> predict(PerturbationFlow flow, SolverSpec solver, List<Row> rows) {
    Matrix x = SparkRows.matrix(rows, rows.get(0).fieldIndex(column), flow.dim());
    int id = rows.get(0).fieldIndex(SparkRows.ID);
    long[] seeds = new long[rows.size()];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = PerturbationFlow.cellSeed(seed, rows.get(i).getString(id));
    }
    List<Row> out = new ArrayList<>();
    if (conditionColumn == null) {
      Matrix[] y = new Matrix[conditions.size()];
      for (int k = 0; k < y.length; k++) {
        y[k] = flow.predictEach(x, conditions.get(k), seeds, solver);
      }
      for (int i = 0; i < rows.size(); i++) {
        for (int k = 0; k < y.length; k++) {
          out.add(SparkRows.extend(rows.get(i), conditions.get(k), SparkRows.vector(y[k], i)));
        }
      }
      return out;
    }
    int cc = rows.get(0).fieldIndex(conditionColumn);
    Map<String, List<Integer>> byCondition = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      byCondition.computeIfAbsent(String.valueOf(rows.get(i).get(cc)), c -> new ArrayList<>()).add(i);
    }
    Row[] results = new Row[rows.size()];
    for (Map.Entry<String, List<Integer>> e : byCondition.entrySet()) {
      int[] idx = e.getValue().stream().mapToInt(Integer::intValue).toArray();
      long[] s = new long[idx.length];
      for (int q = 0; q < idx.length; q++) {
        s[q] = seeds[idx[q]];
      }
      Matrix y = flow.predictEach(x.rows(idx), e.getKey(), s, solver);
      for (int q = 0; q < idx.length; q++) {
        results[idx[q]] = SparkRows.extend(rows.get(idx[q]), e.getKey(), SparkRows.vector(y, q));
      }
    }
    return List.of(results);
  }
}
