package org.flowmatch4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.nn.ConditionInjection;
import org.flowmatch4j.tasks.perturbation.ConditionSpec;
import org.flowmatch4j.tasks.perturbation.ContextRepresentation;
import org.flowmatch4j.tasks.perturbation.Decoding;
import org.flowmatch4j.tasks.perturbation.DoseScale;
import org.flowmatch4j.tasks.perturbation.Embedding;
import org.flowmatch4j.tasks.perturbation.EmbeddingSpec;
import org.flowmatch4j.tasks.perturbation.Holdout;
import org.flowmatch4j.tasks.perturbation.PerturbationConfig;
import org.flowmatch4j.tasks.perturbation.PerturbationData;
import org.flowmatch4j.tasks.perturbation.PerturbationEvaluation;
import org.flowmatch4j.tasks.perturbation.PerturbationResult;
import org.flowmatch4j.tasks.perturbation.PerturbationVectors;
import org.flowmatch4j.tasks.perturbation.SetPooling;
import org.flowmatch4j.tasks.perturbation.Space;
import org.flowmatch4j.tasks.perturbation.MeanResponse;
import org.flowmatch4j.tasks.perturbation.Start;
import org.flowmatch4j.tasks.perturbation.Zeros;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fm4j perturb}: perturbation response by conditional flow matching from control cells. */
@Command(
    name = "perturb",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    defaultValueProvider = PerturbCommand.Defaults.class,
    header = "Predict perturbed cells from control cells by conditional flow matching.",
    description = {
      "Predict perturbed cells from control cells (CellFlow-style conditional flow matching):",
      "hold out the perturbed cells of a (context, condition) pair, train on every other group,",
      "push the held-out context's control cells through v(x, t, c), and score the prediction",
      "against the real cells next to the identity and mean-shift baselines, in the embedding,",
      "in gene space and on the top differentially expressed genes. Writes predictions.h5ad,",
      "figures, metrics.json and report.html to --out. Predictions come from the weight average",
      "(--ema 0.999); --ema 0 samples from the last weights."
    })
final class PerturbCommand implements Callable<Integer> {
  /** The cell task's training: 3000 steps of 64 cells per population, the weight average; the network 256 x 3 SiLU. */
  static final class Defaults extends OptionDefaults {
    Defaults() {
      super(Map.of("--batch", "64", "--ema", AVERAGED_EMA));
    }
  }
  @Spec CommandSpec spec;
  @Mixin RunOptions run;
  @Mixin CouplingOptions couplingOptions;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Cells (.h5ad), log-normalised X.")
  Path data;

  @Option(names = "--condition-key", defaultValue = "condition",
      description = "obs column of the condition (default: ${DEFAULT-VALUE}).")
  String conditionKey;

  @Option(names = "--control", defaultValue = "control",
      description = "Condition label of the control cells (default: ${DEFAULT-VALUE}).")
  String control;

  @Option(names = "--context-key", paramLabel = "KEY",
      description = "obs column of the context (cell type, cell line, donor) that selects the control pool.")
  String contextKey;

  @Option(names = "--holdout-context", paramLabel = "NAME",
      description = "Context whose perturbed cells are held out (default: the condition in every context).")
  String holdoutContext;

  @Option(names = "--holdout-condition", required = true, split = ",", paramLabel = "NAME",
      description = "Held-out condition(s), comma-separated.")
  List<String> holdoutCondition;

  @Option(names = "--embedding", defaultValue = "pca:50", paramLabel = "E",
      description = "pca:K (fitted on the training cells) or an obsm key, e.g. X_pca (default: ${DEFAULT-VALUE}).")
  String embedding;

  @Option(names = "--dose-key", paramLabel = "KEY", description = "obs column of a numeric dose.")
  String doseKey;

  @Option(names = "--dose-scale", defaultValue = "log1p",
      description = "How the dose enters the condition: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  DoseScale doseScale;

  @Option(names = "--perturbation-vectors", paramLabel = "FILE.csv|uns:KEY",
      description = "Vectors of the perturbations (CSV: name then values; or an uns dict); default one-hot.")
  String vectors;

  @Option(names = "--combination-separator", defaultValue = "+",
      description = "Separator of combined perturbations in condition labels (default: ${DEFAULT-VALUE}).")
  String separator;

  @Option(names = "--pooling", defaultValue = "mean",
      description = "How the perturbations of a combination (labels split at --combination-separator) are pooled"
          + " into one vector: mean (fixed mean of their vectors) or attention (a learned query attends over the"
          + " padded, masked set, softmax(q . W_k e_p / sqrt(d_k)) weighting W_v e_p, part of the network, trained with"
          + " the field; it starts as the mean) (default: ${DEFAULT-VALUE}).")
  SetPooling pooling;

  @Option(names = "--context-condition", defaultValue = "none", completionCandidates = CliEnum.ContextConditions.class,
      description = "What the condition says about the context: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ContextRepresentation contextCondition;

  @Option(names = "--conditioning", defaultValue = "concat",
      description = "How the condition enters the velocity field: concat (appended to [x | t]), film (each hidden"
          + " layer scaled and shifted, (1 + gamma(c)) * z + beta(c), with gamma and beta linear in c and zero at the"
          + " start) or both (default: ${DEFAULT-VALUE}).")
  ConditionInjection conditioning;

  @Mixin SeedsOption seedsOption;

  @Option(names = "--matcher", defaultValue = "otcfm", completionCandidates = CellMatchers.FixedPathCandidates.class,
      converter = CellMatchers.FixedPathConverter.class,
      description = "Method: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Matcher matcher;

  @Option(names = "--sigma", defaultValue = "0.3", description = "Path width; rf takes none (default: ${DEFAULT-VALUE}).")
  double sigma;

  @Mixin NetworkOptions network;

  @Option(names = "--time-embedding", defaultValue = "0",
      description = "Sinusoidal time features (even), 0 for raw time (default: ${DEFAULT-VALUE}).")
  int timeEmbedding;

  @Mixin OptimiserOptions optimiser;

  @Option(names = "--condition-dropout", defaultValue = "0.1",
      description = "Probability of a training step on the null condition (default: ${DEFAULT-VALUE}).")
  double conditionDropout;

  @Option(names = "--guidance", defaultValue = "1",
      description = "Classifier-free guidance weight w; 1 = the conditional field (default: ${DEFAULT-VALUE}).")
  double guidance;

  @Option(names = "--samples-per-cell", defaultValue = "1",
      description = "Predicted cells per control cell (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--solver", defaultValue = "euler", description = "ODE solver: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  SolverKind solver;

  @Mixin SolverOptions solverOptions;

  @Option(names = "--decoding", defaultValue = "centred",
      description = "Back to genes: centred (control cell + decoded displacement - the mean over the context's control"
          + " cells of what the embedding does not represent), residual (control cell + decoded displacement) or"
          + " inverse (PCA inverse) (default: ${DEFAULT-VALUE}).")
  Decoding decoding;

  @Option(names = "--zeros", defaultValue = "matched",
      description = "Decoded predictions as expression: matched (the zeros of threshold, each gene's kept values"
          + " scaled so that its mean over the predicted cells is the linear decoding's, or 0 where that is"
          + " negative), threshold (per gene, zero below a threshold fitted on the training cells so their zero"
          + " fraction matches, never negative), clip (max(x, 0)) or none (the linear decoding, may be negative;"
          + " for comparison). Genes with a negative training value are left as decoded (default:"
          + " ${DEFAULT-VALUE}).")
  Zeros zeros;

  @Option(names = "--start", defaultValue = "control",
      description = "Where each flow starts: control (the context's control cells), mean-shift (the control cells"
          + " moved by the condition's shift averaged over the other training contexts; the flow learns the"
          + " correction) or nearest-shift (the same shift with each other context weighted by"
          + " exp(-|m - m_o|^2 / 2h^2), m the mean of a context's control cells in the embedding, h chosen by"
          + " leave-one-context-out on the training contexts) (default: ${DEFAULT-VALUE}).")
  Start start;

  @Option(names = "--mean-response", defaultValue = "ensemble",
      description = "Where the mean of the held-out context's predicted cells comes from: flow (the flow's cells as"
          + " they are) or ensemble (the flow's cells moved together so that their mean shift is the average of"
          + " the flow's and of the other contexts' shifts weighted by exp(-|m - m_o|^2 / 2h^2), m the mean of a"
          + " context's control cells in the embedding, h chosen by leave-one-context-out on the training"
          + " contexts) (default: ${DEFAULT-VALUE}).")
  MeanResponse meanResponse;

  @Option(names = "--top-deg", defaultValue = "100",
      description = "Top differentially expressed genes scored (default: ${DEFAULT-VALUE}).")
  int topDeg;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    run.apply();
    PerturbationConfig cfg = config();
    long[] seedArray = seedsOption.array();
    InputFiles.requireFile(data, "--data");
    AnnData a = H5ad.read(data);
    PerturbationData pd = PerturbationData.of(a, conditionKey, control, contextKey, doseKey);
    if (holdoutContext != null && contextKey == null) {
      throw new IllegalArgumentException("--holdout-context needs --context-key");
    }
    List<Holdout> holdouts = new ArrayList<>();
    for (String c : holdoutCondition) {
      holdouts.add(new Holdout(holdoutContext, c));
    }
    EmbeddingSpec emb = embeddingSpec(a);
    ConditionSpec conditions = new ConditionSpec(perturbationVectors(a), separator, doseKey == null ? null : doseScale,
        pooling);
    OutputDirectory dir = OutputDirectory.create(out, "--out");
    return dir.run(() -> write(start, pd, holdouts, emb, conditions, cfg, seedArray));
  }

  private int write(long start, PerturbationData pd, List<Holdout> holdouts, EmbeddingSpec emb,
      ConditionSpec conditions, PerturbationConfig cfg, long[] seedArray) throws Exception {
    PerturbationResult r = PerturbationEvaluation.run(pd, holdouts, emb, conditions, cfg, seedArray, topDeg,
        run.progress(), run.notes());
    double wall = (System.nanoTime() - start) / 1e9;

    Map<String, Object> json = PerturbSummary.json(new PerturbSummary.Inputs(data, conditionKey, control, contextKey,
        pooling, topDeg, seedArray), r, cfg, pd.geneNames());
    PerturbOutputs outputs = new PerturbOutputs(out, pd, r, cfg);
    outputs.write();
    json.put("wall_seconds", (System.nanoTime() - start) / 1e9);
    json.put("wall_seconds_before_outputs", wall);
    json.put("outputs", outputs.written());
    outputs.report(data, wall);
    JsonOutput.write(out.resolve("metrics.json"), json);
    PerturbTable.print(spec.commandLine().getOut(), r);
    if (run.json) {
      JsonOutput.print(spec.commandLine().getOut(), json);
    } else {
      spec.commandLine().getOut().printf(Locale.ROOT, "r2_all %.4f  r2_deg %.4f  (%.1f s)%nreport: %s%n",
          PerturbSummary.r2(r, Space.GENES), PerturbSummary.r2(r, Space.DEG), wall, out.resolve("report.html"));
    }
    return 0;
  }

  private PerturbationConfig config() {
    SigmaOption.check(matcher, spec.commandLine().getParseResult().hasMatchedOption("--sigma"));
    SolverSpec sampler = solverOptions.spec(solver);
    return new PerturbationConfig(matcher, sigma, couplingOptions.courseSpec(), network.spec(), timeEmbedding,
        optimiser.spec(), conditionDropout, guidance, samples, sampler, contextCondition,
        decoding, conditioning, zeros, start, meanResponse);
  }

  private EmbeddingSpec embeddingSpec(AnnData a) {
    int k = Embedding.parsePcs(embedding);
    if (k > 0) {
      return EmbeddingSpec.pca(k);
    }
    if (!a.obsm().containsKey(embedding)) {
      throw new IllegalArgumentException("--embedding " + embedding + ": not pca:K and no such obsm key; obsm keys are "
          + a.obsm().keySet());
    }
    return EmbeddingSpec.obsm(embedding, a.obsmDense(embedding));
  }

  private PerturbationVectors perturbationVectors(AnnData a) throws java.io.IOException {
    if (vectors == null) {
      return null;
    }
    if (vectors.startsWith("uns:")) {
      String key = vectors.substring(4);
      if (!a.uns().containsKey(key)) {
        throw new IllegalArgumentException("--perturbation-vectors " + vectors + ": no uns key '" + key
            + "'; uns keys are " + a.uns().keySet());
      }
      return PerturbationVectors.fromUns(a.uns().get(key), key);
    }
    Path f = Path.of(vectors);
    InputFiles.requireFile(f, "--perturbation-vectors");
    return PerturbationVectors.readCsv(f);
  }

}
