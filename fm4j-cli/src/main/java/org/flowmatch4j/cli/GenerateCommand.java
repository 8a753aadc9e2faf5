package org.flowmatch4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.counts.CountLayer;
import org.flowmatch4j.data.counts.Counts;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.nn.ConditionInjection;
import org.flowmatch4j.tasks.generation.CountGeneration;
import org.flowmatch4j.tasks.generation.CountScores;
import org.flowmatch4j.tasks.generation.GenerationConfig;
import org.flowmatch4j.tasks.generation.GenerationResult;
import org.flowmatch4j.tasks.generation.Generated;
import org.flowmatch4j.tasks.generation.SourceKind;
import org.flowmatch4j.tasks.perturbation.ContextRepresentation;
import org.flowmatch4j.tasks.perturbation.Decoding;
import org.flowmatch4j.tasks.perturbation.Zeros;
import org.flowmatch4j.tasks.perturbation.PerturbationConfig;
import org.flowmatch4j.tasks.perturbation.MeanResponse;
import org.flowmatch4j.tasks.perturbation.Start;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fm4j generate}: count-aware generation of cells from a count source, scored on held-out cells. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    defaultValueProvider = GenerateCommand.Defaults.class,
    header = "Learn a flow to cell counts from a Gaussian or a count source, generate cells and score them on held-out cells.",
    description = {
      "Generate cells with counts from a flow and score them against held-out cells.",
      "Learn a flow from a source distribution to the log1p counts of the selected genes (conditioned",
      "on a label with --condition-key), generate as many cells per label as the data has, and draw",
      "counts y ~ NB(expm1(max(x, 0)), theta_g) around each generated log1p value x, theta_g from a",
      "per-gene ZINB fit to the training counts. A fraction of each label's cells (--holdout) is held",
      "out and scored against the generated cells on the PCA of normalised log1p counts (MMD, energy",
      "distance), by the mean absolute error of the per-gene zero fraction, and by the correlation of",
      "per-gene means and variances; every source given is run, and an independent-per-gene ZINB",
      "baseline is scored the same way (the JSON's rounded_flow_values scores round(expm1(max(x, 0)))",
      "instead of the drawn counts: the flow without the sampling noise). Writes generated.h5ad (X: the",
      "log1p values, layers/counts: the counts, obs/library_size: the sum of their means; further",
      "sources as generated_<source>.h5ad) and metrics.json to --out."
    })
final class GenerateCommand implements Callable<Integer> {
  /** The cell task's training: 2000 steps of 128 cells, one seed, the weight average; the network 256 x 3 SiLU. */
  static final class Defaults extends OptionDefaults {
    Defaults() {
      super(Map.of("--steps", "2000", "--batch", "128", "--ema", AVERAGED_EMA, "--seeds", "1"));
    }
  }
  @Spec CommandSpec spec;
  @Mixin RunOptions run;
  @Mixin CouplingOptions couplingOptions;

  @Option(names = "--data", required = true, paramLabel = "FILE|DIR",
      description = "Raw counts: an .h5ad file, a 10x HDF5 matrix (.h5, e.g. filtered_feature_bc_matrix.h5) or a 10x Matrix Market folder (matrix.mtx[.gz], features.tsv[.gz] or genes.tsv, barcodes.tsv[.gz]).")
  Path data;

  @Option(names = "--counts-layer", defaultValue = "auto", paramLabel = "KEY",
      description = "Where the .h5ad keeps its counts: auto (layers/counts if present, else X), X, layers/counts or raw/X (default: ${DEFAULT-VALUE}).")
  CountLayer countsLayer;

  @Option(names = "--genes", defaultValue = "hvg:200", paramLabel = "SPEC",
      description = "hvg:N (the N most highly variable training genes), var:N (the N of largest variance of log1p counts), all, or comma-separated gene names (default: ${DEFAULT-VALUE}).")
  String genes;

  @Option(names = "--condition-key", paramLabel = "KEY", description = "obs column of a label to condition on (e.g. cell_type).")
  String conditionKey;

  @Option(names = "--source", split = ",", defaultValue = "zinb", paramLabel = "SRC",
      description = "Source(s): gaussian, zinb (per-gene ZINB fitted to the training counts with library-size offsets),"
          + " zinb-fixed (STFlow's prior: theta 1, mu e^0.1, pi 0.5), nb; count sources are sampled in log1p space."
          + " Comma-separated: every one is trained and scored; the first is the reported model, the others appear"
          + " under baselines as <source>_source (default: ${DEFAULT-VALUE}).")
  List<SourceKind> sources;

  @Mixin SeedsOption seedsOption;

  @Option(names = "--holdout", defaultValue = "0.2",
      description = "Fraction of each label's cells held out for scoring (default: ${DEFAULT-VALUE}).")
  double holdout;

  @Option(names = "--split-seed", defaultValue = "0", description = "Seed of the held-out split (default: ${DEFAULT-VALUE}).")
  long splitSeed;

  @Option(names = "--source-pool", defaultValue = "8192",
      description = "Source draws per label that training pairs with the label's cells (default: ${DEFAULT-VALUE}).")
  int pool;

  @Option(names = "--pca", defaultValue = "50", description = "Principal components of the scoring space (default: ${DEFAULT-VALUE}).")
  int pca;

  @Option(names = "--matcher", defaultValue = "otcfm", description = "otcfm, sbcfm, icfm or rf (default: ${DEFAULT-VALUE}).")
  Matcher matcher;

  @Option(names = "--sigma", defaultValue = "0.1", description = "Path width; rf takes none (default: ${DEFAULT-VALUE}).")
  double sigma;

  @Mixin NetworkOptions network;

  @Mixin OptimiserOptions optimiser;

  @Option(names = "--nfe", defaultValue = "50", description = "Euler steps of sampling (default: ${DEFAULT-VALUE}).")
  int nfe;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    run.apply();
    List<SourceKind> kinds = new ArrayList<>();
    for (SourceKind k : sources) {
      if (kinds.contains(k)) {
        throw new IllegalArgumentException("--source names " + k.cliName() + " twice");
      }
      kinds.add(k);
    }
    if (nfe < 1) {
      throw new IllegalArgumentException("--nfe must be >= 1, got " + nfe);
    }
    if (matcher.requiresGaussianSource()) {
      throw new IllegalArgumentException("--matcher " + matcher.cliName()
          + " is tied to a Gaussian source; generation compares sources on one path: use otcfm, sbcfm, icfm or rf");
    }
    SigmaOption.check(matcher, spec.commandLine().getParseResult().hasMatchedOption("--sigma"));
    PerturbationConfig flow = new PerturbationConfig(matcher, sigma, couplingOptions.spec(), network.spec(), 0,
        optimiser.spec(), 0, 1, 1, SolverSpec.fixed(SolverKind.EULER, nfe),
        ContextRepresentation.NONE, Decoding.INVERSE, ConditionInjection.CONCAT, Zeros.NONE, Start.CONTROL,
        MeanResponse.FLOW);
    GenerationConfig cfg = new GenerationConfig(genes, holdout, splitSeed, pool, pca, flow);
    if (!Files.exists(data)) {
      throw new IllegalArgumentException("--data " + data + ": no such file or folder");
    }
    AnnData counts = Counts.read(data, countsLayer);
    long[] seedArray = seedsOption.array();
    GenerationResult r = CountGeneration.run(counts, conditionKey, kinds, seedArray, cfg, run.progress(), run.notes());

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("task", "generation");
    SourceKind model = kinds.get(0);
    json.put("source", model.cliName());
    json.putAll(CountScores.summary(r.scores().get(model)));
    Map<String, Object> baselines = new LinkedHashMap<>();
    baselines.put("zinb_independent", CountScores.summary(r.baseline()));
    for (SourceKind k : kinds.subList(1, kinds.size())) {
      baselines.put(k.cliName().replace('-', '_') + "_source", CountScores.summary(r.scores().get(k)));
    }
    json.put("baselines", baselines);
    Map<String, Object> rounded = new LinkedHashMap<>();
    for (SourceKind k : kinds) {
      rounded.put(k.cliName(), CountScores.summary(r.rounded().get(k)));
    }
    json.put("rounded_flow_values", rounded);
    json.put("data", data.toString());
    json.put("counts_layer", countsLayer.key);
    json.put("genes", genes);
    json.put("n_genes", r.genes().length);
    json.put("condition_key", conditionKey);
    json.put("labels", r.labels());
    json.put("train_cells", r.trainCells());
    json.put("test_cells", r.testCells());
    json.put("holdout", holdout);
    json.put("split_seed", splitSeed);
    json.put("seeds", seedsOption.seeds);
    json.put("matcher", matcher.cliName());
    json.put("sigma", sigma);
    json.put("steps", optimiser.steps);
    json.put("batch", optimiser.batch);
    json.put("width", network.width);
    json.put("depth", network.depth);
    json.put("nfe", nfe);
    json.put("source_pool", pool);
    json.put("pca", pca);
    Map<String, Object> train = new LinkedHashMap<>();
    r.trainSeconds().forEach((k, v) -> train.put(k.cliName(), v));
    json.put("train_seconds", train);
    json.put("notes", r.notes());

    Files.createDirectories(out);
    List<String> written = new ArrayList<>();
    for (SourceKind k : kinds) {
      String name = k == model ? "generated.h5ad" : "generated_" + k.cliName() + ".h5ad";
      H5ad.write(out.resolve(name), output(r, r.generated().get(k), k));
      written.add(out.resolve(name).toString());
    }
    written.add(out.resolve("metrics.json").toString());
    json.put("outputs", written);
    json.put("wall_seconds", (System.nanoTime() - start) / 1e9);
    JsonOutput.write(out.resolve("metrics.json"), json);
    if (run.json) {
      JsonOutput.print(spec.commandLine().getOut(), json);
    } else {
      printTable(r, kinds);
    }
    return 0;
  }

  /**
   * The generated cells as AnnData: X the log1p values, layers/counts the counts, obs/library_size
   * the sum of the counts' means {@code sum_g expm1(max(x_g, 0))}, var the genes with their theta.
   */
  private AnnData output(GenerationResult r, Generated g, SourceKind k) {
    int n = g.log1p().rows;
    String[] cells = new String[n];
    for (int i = 0; i < n; i++) {
      cells[i] = "gen" + i;
    }
    DataFrame obs = new DataFrame("_index", cells);
    double[] library = new double[n];
    int genesOut = g.log1p().cols;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < genesOut; j++) {
        library[i] += Math.expm1(Math.max(0, g.log1p().data[i * genesOut + j]));
      }
    }
    obs.put("library_size", new Column.Numeric(library, Dtype.FLOAT64));
    if (g.labels() != null) {
      obs.put(conditionKey, Column.Categorical.of(g.labels(), false));
    }
    DataFrame var = new DataFrame("_index", r.genes());
    double[] theta = r.zinb().theta();
    var.put("theta", new Column.Numeric(theta, Dtype.FLOAT64));
    AnnData a = new AnnData(DenseMatrix.of(g.log1p()), obs, var);
    a.layers().put("counts", DenseMatrix.of(g.counts()));
    a.uns().put("source", k.cliName());
    a.uns().put("counts_model", "y ~ NB(mean expm1(max(X, 0)), var/theta)");
    return a;
  }

  private void printTable(GenerationResult r, List<SourceKind> kinds) {
    var o = spec.commandLine().getOut();
    o.printf(Locale.ROOT, "%-22s %10s %10s %10s %8s %8s%n", "", "MMD", "energy", "zero MAE", "r(mean)", "r(var)");
    for (SourceKind k : kinds) {
      row(o, k.cliName() + " source", r.scores().get(k));
    }
    row(o, "independent ZINB", r.baseline());
    o.printf("generated cells: %s%n", out.resolve("generated.h5ad"));
  }

  private static void row(java.io.PrintWriter o, String name, List<CountScores> s) {
    CountScores m = CountScores.mean(s);
    o.printf(Locale.ROOT, "%-22s %10.5f %10.4f %10.4f %8.4f %8.4f%n", name, m.mmd(), m.energy(), m.zeroFractionMae(),
        m.meanCorrelation(), m.varianceCorrelation());
  }
}
