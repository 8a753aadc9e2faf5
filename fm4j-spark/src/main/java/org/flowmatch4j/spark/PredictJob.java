package org.flowmatch4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.cli.InputFiles;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.fm.solver.SolverKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fm4j spark predict INPUT --model CKPT --to T --out DIR}: every cell pushed through a
 * trained flow model ({@link Prediction}), the model's file broadcast once, the cells in batches
 * per partition; results keyed by the input's cell ids.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    header = "Push every cell through a trained flow, trajectory or growth model; weights; log-likelihoods.",
    description = {
      "Push every cell of an atlas through a trained flow model (flow.task=flow, FlowModel.save), trajectory",
      "flow (trajectory-flow, TrajectoryFlow.save: times in the time course's units) or growth flow",
      "(growth-flow, GrowthFlow.save: also w_<t>, the weight at t of a cell of weight 1 at --from) to the given",
      "times, and/or compute each cell's log-likelihood. INPUT is an .h5ad (the vectors: obsm --embedding)",
      "or a Parquet directory from to-parquet/preprocess (the vectors: column --embedding). Output: a",
      "Parquet directory with the input's columns, x_<t> per time (t with '_' for '.') and log_likelihood."
    })
public final class PredictJob implements Callable<Integer> {
  @Mixin CellsInput in;

  @Option(names = "--model", required = true, paramLabel = "CKPT", description = "Trained flow model, trajectory flow or growth flow (flow.task=flow, trajectory-flow or growth-flow).")
  Path model;

  @Option(names = "--from", paramLabel = "T0", description = "Time of the input cells (default: the model's start time; a time course's first observed time).")
  Double from;

  @Option(names = "--to", split = ",", paramLabel = "T", description = "Times to push the cells to, comma-separated; earlier than --from pushes backward (default: the model's end time; a time course's last observed time).")
  double[] to;

  @Option(names = "--log-likelihood", description = "Also compute log p(x) of each cell (models with the Gaussian source).")
  boolean logLikelihood;

  @Option(names = "--solver", defaultValue = "euler", description = "ODE solver: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  SolverKind solver;

  @Option(names = "--nfe", defaultValue = "100", description = "Function evaluations of a fixed-step solver (default: ${DEFAULT-VALUE}).")
  int nfe;

  @Option(names = "--tol", defaultValue = "1e-5", description = "atol = rtol of dopri5 (default: ${DEFAULT-VALUE}).")
  double tol;

  @Option(names = "--batch", defaultValue = "4096", paramLabel = "N", description = "Cells per solver call (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output Parquet directory (must not exist; written atomically).")
  Path out;

  @Mixin SparkOptions spark;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    SolverSpec.of(solver, nfe, tol);
    if (batch < 1) {
      throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
    }
    InputFiles.requireFile(model, "--model");
    AtomicDirectory.check(out, "--out");
    byte[] bytes = Files.readAllBytes(model);
    PushModel m = PushModel.of(Checkpoint.read(bytes, model.toString()), model.toString());
    if (logLikelihood && m.noLikelihood() != null) {
      throw new IllegalArgumentException("--log-likelihood: model " + model + ": " + m.noLikelihood());
    }
    double t0 = from == null ? m.tStart() : from;
    double[] times = to == null ? new double[] {m.tEnd()} : to;
    if (!logLikelihood && times.length == 0) {
      throw new IllegalArgumentException("nothing to predict: give --to times or --log-likelihood");
    }
    SparkSession s = spark.session("predict");
    Dataset<Row> input = in.read(s, spark);
    StructType schema = input.schema();
    Broadcast<byte[]> ckpt = JavaSparkContext.fromSparkContext(s.sparkContext()).broadcast(bytes);
    Prediction p = new Prediction(ckpt, model.toString(), in.embedding, t0, times, m.grows(), logLikelihood, solver, nfe, tol, batch);
    StructType outSchema = p.schema(schema);
    JavaRDD<Row> rows = input.javaRDD().mapPartitions(p::apply);
    AtomicDirectory.write(s, out, tmp -> s.createDataFrame(rows, outSchema).write().parquet(tmp));
    spec.commandLine().getOut().println("wrote " + out + ": cells pushed from t = " + t0 + " to " + Arrays.toString(times)
        + (logLikelihood ? " with log-likelihoods" : ""));
    return 0;
  }
}
