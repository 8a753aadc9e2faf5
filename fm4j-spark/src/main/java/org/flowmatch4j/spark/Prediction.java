package org.flowmatch4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.tensor.Matrix;

/**
 * What {@code predict} computes for the cells of a partition, in batches, with a {@link PushModel}:
 * each cell pushed by the model's ODE from time {@code from} to every time in {@code to} (columns
 * {@code x_<t>}, t written with '_' for '.'), for a model that learns growth the weight at t of a
 * cell of weight 1 at {@code from} (columns {@code w_<t>}: above 1 where its lineage grows, below
 * where it dies), and optionally {@code log_likelihood}, log p(x) by the change of variables. A fixed-step solver treats every cell alone, so the results do not depend on
 * the batches; an adaptive solver chooses its steps per batch.
 *
 * @param checkpoint the model file's bytes, broadcast to the executors once
 * @param name the model's file name, for errors
 * @param column the input vector column
 * @param weights whether the model gives weights ({@link PushModel#grows})
 * @param batch cells per solver call
 */
record Prediction(Broadcast<byte[]> checkpoint, String name, String column, double from, double[] to, boolean weights,
    boolean logLikelihood, SolverKind kind, int nfe, double tol, int batch) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The model (read from the bytes; a checkpoint of a kind predict does not take is refused by name). */
  PushModel model() {
    return PushModel.of(Checkpoint.read(checkpoint.value(), name), name);
  }

  /** The name of the column of the cells pushed to time t. */
  static String columnAt(double t) {
    return "x_" + timeLabel(t);
  }

  /** The name of the column of the weights at time t. */
  static String weightAt(double t) {
    return "w_" + timeLabel(t);
  }

  private static String timeLabel(double t) {
    return Double.toString(t).replace('.', '_').replace('-', 'm');
  }

  /** The input schema followed by the predicted columns. */
  StructType schema(StructType input) {
    StructType s = input;
    for (double t : to) {
      s = s.add(columnAt(t), SQLDataTypes.VectorType(), false);
      if (weights) {
        s = s.add(weightAt(t), DataTypes.DoubleType, false);
      }
    }
    return logLikelihood ? s.add("log_likelihood", DataTypes.DoubleType, false) : s;
  }

  /** The rows of a partition, each followed by its predictions, computed batch by batch. */
  Iterator<Row> apply(Iterator<Row> rows) {
    PushModel model = model();
    SolverSpec solver = SolverSpec.of(kind, nfe, tol);
    return Batches.map(rows, batch, b -> predict(model, solver, b));
  }

  private List<Row> predict(PushModel model, SolverSpec solver, List<Row> rows) {
    Matrix x = SparkRows.matrix(rows, rows.get(0).fieldIndex(column), model.dim());
    PushModel.Pushed[] pushed = new PushModel.Pushed[to.length];
    for (int k = 0; k < to.length; k++) {
      pushed[k] = model.push(x, from, to[k], solver);
    }
    double[] ll = logLikelihood ? model.logLikelihood(x, solver) : null;
    int perTime = weights ? 2 : 1;
    List<Row> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Object[] values = new Object[perTime * to.length + (logLikelihood ? 1 : 0)];
      for (int k = 0; k < to.length; k++) {
        values[perTime * k] = SparkRows.vector(pushed[k].x(), i);
        if (weights) {
          values[perTime * k + 1] = pushed[k].w()[i];
        }
      }
      if (logLikelihood) {
        values[values.length - 1] = ll[i];
      }
      out.add(SparkRows.extend(rows.get(i), values));
    }
    return out;
  }
}
