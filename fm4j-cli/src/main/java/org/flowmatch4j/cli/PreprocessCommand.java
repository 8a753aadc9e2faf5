package org.flowmatch4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Csv;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.counts.MatrixMarket;
import org.flowmatch4j.data.counts.TenxFolder;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.preprocess.Annotations;
import org.flowmatch4j.data.preprocess.HighlyVariableGenes;
import org.flowmatch4j.data.preprocess.Normalize;
import org.flowmatch4j.data.preprocess.Pca;
import org.flowmatch4j.data.preprocess.Scale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fm4j preprocess FILE --out OUT.h5ad}: scanpy's standard steps, in scanpy's order:
 * normalize_total, log1p, highly variable genes, scale, PCA. Results go where scanpy puts them.
 */
@Command(
    name = "preprocess",
    mixinStandardHelpOptions = true,
    header = "Normalise, log-transform, select genes, scale and run PCA as scanpy does.",
    description = {
      "Normalise, log-transform, select highly variable genes, scale and run PCA as scanpy does.",
      "Writes .h5ad with X transformed, var highly_variable/means/dispersions/dispersions_norm, "
          + "obsm X_pca, varm PCs and uns pca variance/variance_ratio."
    })
public final class PreprocessCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "Input .h5ad, CSV/TSV (numeric columns become X) or 10x folder (matrix.mtx[.gz], features.tsv[.gz] or genes.tsv[.gz], barcodes.tsv[.gz]).")
  Path file;

  @Option(names = "--obs-cols", split = ",", paramLabel = "COL", description = "CSV input: columns that are annotations, not genes; non-numeric columns and time labels (samples, sample, time, timepoint, time_point, day) always are.")
  java.util.List<String> obsCols = new java.util.ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "OUT.h5ad", description = "Output file (written atomically).")
  Path out;

  @Mixin PreprocessSteps pre;

  @Option(names = "--solver", defaultValue = "auto", description = "PCA solver: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  Pca.Solver solver;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the randomized PCA solver (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print one JSON object with the results.")
  boolean json;

  @Option(names = "--debug", description = "Show stack traces of errors.")
  boolean debug;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    pre.check();
    Double targetSum = pre.targetSum();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Long> timings = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    boolean tenx = TenxFolder.is(file);
    if (!tenx) {
      InputFiles.requireFile(file, "FILE");
    }
    OutputFile.check(out, "--out");
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".npy") || name.endsWith(".npz")) {
      throw new IllegalArgumentException("FILE " + file + ": a NumPy array has no gene names or cell annotations;"
          + " preprocess reads .h5ad or CSV/TSV (save the array with anndata as .h5ad first)");
    }
    if ((tenx || name.endsWith(".h5ad")) && !obsCols.isEmpty()) {
      throw new IllegalArgumentException("--obs-cols applies to CSV/TSV input only");
    }
    AnnData a = tenx ? MatrixMarket.readTenX(file)
        : name.endsWith(".h5ad") ? H5ad.read(file) : Csv.read(file).toAnnData(obsCols.toArray(String[]::new));
    DataMatrix x = a.requireX();
    timings.put("read_ms", (System.nanoTime() - t0) / 1_000_000);
    err.println("preprocess: read " + a + " (" + x.storage() + ") from " + file);
    JsonObject result = new JsonObject();
    result.addProperty("file", file.toString());
    result.addProperty("out", out.toString());
    result.addProperty("n_obs", a.nObs());
    result.addProperty("n_vars", a.nVars());
    JsonArray steps = new JsonArray();

    if (targetSum != null) {
      long t = System.nanoTime();
      double s = targetSum;
      double used = Double.isNaN(s) ? Normalize.medianNonZeroCount(x) : s;
      x = Normalize.normalizeTotal(x, s);
      steps.add("normalize_total");
      result.addProperty("target_sum", used);
      timings.put("normalize_ms", (System.nanoTime() - t) / 1_000_000);
    }
    if (pre.log1p) {
      if (a.uns().containsKey("log1p")) {
        throw new IllegalArgumentException(file + ": uns/log1p says X is already log-transformed; --log1p would take the log twice");
      }
      long t = System.nanoTime();
      x = Normalize.log1p(x);
      Map<String, Object> info = new LinkedHashMap<>();
      a.uns().put("log1p", info);
      steps.add("log1p");
      timings.put("log1p_ms", (System.nanoTime() - t) / 1_000_000);
    }
    int[] genes = null;
    if (pre.hvg != null) {
      long t = System.nanoTime();
      HighlyVariableGenes.Result r = HighlyVariableGenes.seurat(x, pre.hvg, 20);
      Annotations.highlyVariableGenes(a, r, pre.hvgFlavor.name());
      genes = r.selected();
      result.addProperty("highly_variable", genes.length);
      steps.add("highly_variable_genes");
      timings.put("hvg_ms", (System.nanoTime() - t) / 1_000_000);
    }
    if (pre.scale) {
      long t = System.nanoTime();
      Scale.Result r = Scale.scale(x, true, pre.maxValue == null ? Double.NaN : pre.maxValue);
      x = Scale.dense(r);
      Annotations.scale(a, r.mean(), r.std());
      steps.add("scale");
      timings.put("scale_ms", (System.nanoTime() - t) / 1_000_000);
    }
    a.setX(x);
    if (pre.pcs != null) {
      long t = System.nanoTime();
      DataMatrix input = genes == null ? x : x.selectCols(genes);
      Pca pca = Pca.fit(input, pre.pcs, solver, seed);
      Annotations.pca(a, pca, genes, pca.scores());
      JsonArray ratio = new JsonArray();
      for (double v : pca.varianceRatio()) {
        ratio.add(v);
      }
      result.add("variance_ratio", ratio);
      steps.add("pca");
      timings.put("pca_ms", (System.nanoTime() - t) / 1_000_000);
    }
    long t = System.nanoTime();
    H5ad.write(out, a);
    timings.put("write_ms", (System.nanoTime() - t) / 1_000_000);
    err.println("preprocess: wrote " + out);
    result.add("steps", steps);
    JsonObject tj = new JsonObject();
    timings.forEach(tj::addProperty);
    result.add("timings", tj);
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      JsonOutput.print(o, result);
    } else {
      o.println("wrote " + out + ": " + a + " after " + steps);
    }
    o.flush();
    return 0;
  }

}
