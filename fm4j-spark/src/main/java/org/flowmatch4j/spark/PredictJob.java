package org.flowmatch4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.cli.InputFiles;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.tasks.perturbation.PerturbationFlow;
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
    header = "Push every cell through a trained flow, trajectory, growth or perturbation model; weights; log-likelihoods.",
    description = {
      "Push every cell of an atlas through a trained flow model (flow.task=flow, FlowModel.save),",
      "trajectory flow (trajectory-flow, TrajectoryFlow.save: times in the time course's units) or growth",
      "flow (growth-flow, GrowthFlow.save: also w_<t>, the weight at t of a cell of weight 1 at --from)",
      "to the given times, and/or compute each cell's log-likelihood. INPUT is an .h5ad (the vectors:",
      "obsm --embedding) or a Parquet directory from to-parquet/preprocess (the vectors: column",
      "--embedding). Output: a Parquet directory with the input's columns, x_<t> per time (t with '_' for",
      "'.') and log_likelihood. A perturbation flow (perturbation-flow, PerturbationFlow.save) predicts",
      "every cell under each --condition (default: all it knows), or under its own --condition-key value:",
      "one row per cell and condition with pred_condition and x_pred; each cell's starting noise is",
      "seeded by --seed and its id."
    })
public final class PredictJob implements Callable<Integer> {
  @Mixin CellsInput in;

  @Option(names = "--model", required = true, paramLabel = "CKPT", description = "Trained flow model, trajectory flow, growth flow or perturbation flow (flow.task=flow, trajectory-flow, growth-flow or perturbation-flow).")
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

  @Option(names = "--condition", split = ",", paramLabel = "C", description = "Perturbation flows: predict every cell under each of these conditions (default: every condition the model knows).")
  List<String> condition;

  @Option(names = "--condition-key", paramLabel = "COL", description = "Perturbation flows: predict each cell under its own value of this column instead.")
  String conditionKey;

  @Option(names = "--seed", defaultValue = "0", description = "Perturbation flows: seed of each cell's starting noise, with its id (default ${DEFAULT-VALUE}).")
  long seed;

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
    Checkpoint ck = Checkpoint.read(bytes, model.toString());
    if (PerturbationFlow.holds(ck)) {
      return perturb(PerturbationFlow.of(ck, model.toString()), bytes);
    }
    for (String option : List.of("--condition", "--condition-key", "--seed")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw new IllegalArgumentException(option + " applies to perturbation flows (flow.task=perturbation-flow), not to model " + model);
      }
    }
    PushModel m = PushModel.of(ck, model.toString());
    if (logLikelihood && m.noLikelihood() != null) {
      throw new IllegalArgumentException("--log-likelihood: model " + model + ": " + m.noLikelihood());
    }
    double t0 = from == null ? m.tStart() : from;
    double[] times = to == null ? new double[] {m.tEnd()} : to;
    if (!logLikelihood && times.length == 0) {
      throw new IllegalArgumentException("nothing to predict: give --to times or --log-likelihood");
    }
    SparkSession s = spark.session("predict");
    Chain.Cells input = in.cells(s, spark);
    Prediction p = new Prediction(broadcast(s, bytes), model.toString(), in.embedding, t0, times, m.grows(), logLikelihood,
        solver, nfe, tol, batch);
    StructType outSchema = p.schema(input.schema());
    AtomicDirectory.parquet(s, out, s.createDataFrame(input.rows().mapPartitions(p::apply), outSchema));
    spec.commandLine().getOut().println("wrote " + out + ": cells pushed from t = " + t0 + " to " + Arrays.toString(times)
        + (logLikelihood ? " with log-likelihoods" : ""));
    return 0;
  }

  /** Every cell under the conditions of --condition (default: all the flow knows) or of --condition-key. */
  private int perturb(PerturbationFlow flow, byte[] bytes) {
    for (String option : List.of("--from", "--to", "--log-likelihood")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw new IllegalArgumentException(option + " does not apply to the perturbation flow " + model
            + ", which pushes each cell from its control state (t = 0) to the condition's (t = 1)");
      }
    }
    if (condition != null && conditionKey != null) {
      throw new IllegalArgumentException("--condition and --condition-key are two ways to name the conditions; give one of them");
    }
    List<String> conditions = condition == null ? flow.conditions() : condition;
    requireKnown(flow, conditions, "--condition");
    SparkSession s = spark.session("predict");
    Chain.Cells input = conditionKey == null ? in.cells(s, spark) : in.cells(s, spark, conditionKey);
    if (conditionKey != null) {
      requireKnown(flow, Populations.groups(input.frame(s), conditionKey), "--condition-key " + conditionKey + ": the value");
    }
    PerturbationPrediction p = new PerturbationPrediction(broadcast(s, bytes), model.toString(), in.embedding,
        conditionKey == null ? conditions : null, conditionKey, seed, solver, nfe, tol, batch);
    StructType outSchema = p.schema(input.schema());
    AtomicDirectory.parquet(s, out, s.createDataFrame(input.rows().mapPartitions(p::apply), outSchema));
    spec.commandLine().getOut().println("wrote " + out + ": cells predicted under "
        + (conditionKey == null ? conditions.size() + " conditions" : "their condition in " + conditionKey));
    return 0;
  }

  /** Refuses a condition the flow was not fitted on, naming the ones it knows. */
  private void requireKnown(PerturbationFlow flow, List<String> conditions, String what) {
    for (String c : conditions) {
      if (!flow.conditions().contains(c)) {
        throw new IllegalArgumentException(what + " '" + c + "' is not a condition of the perturbation flow " + model
            + " (it knows " + flow.conditions() + ")");
      }
    }
  }

  private static Broadcast<byte[]> broadcast(SparkSession s, byte[] bytes) {
    return JavaSparkContext.fromSparkContext(s.sparkContext()).broadcast(bytes);
  }
}
