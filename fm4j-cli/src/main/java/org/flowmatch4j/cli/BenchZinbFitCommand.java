package org.flowmatch4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.counts.CountLayer;
import org.flowmatch4j.data.counts.Counts;
import org.flowmatch4j.fm.source.CountModel;
import org.flowmatch4j.fm.source.ZinbFit;
import org.flowmatch4j.fm.source.ZinbParameters;
import org.flowmatch4j.tasks.generation.GeneSelection;
import org.flowmatch4j.tensor.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fm4j bench zinb-fit FILE}: time the per-gene NB or ZINB fit with library-size offsets. */
@Command(
    name = "zinb-fit",
    mixinStandardHelpOptions = true,
    description = {"Time the per-gene NB or ZINB maximum-likelihood fit.",
        "Time the per-gene maximum-likelihood fit (size factors L_i / mean(L) over all cells and genes)",
        "of the selected genes; prints the median over --repeat runs after one warm-up run, the",
        "parameters and the log-likelihood of every gene."})
public final class BenchZinbFitCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE|DIR")
  Path file;

  @Option(names = "--genes", defaultValue = "hvg:50", description = "hvg:N, all or gene names (default ${DEFAULT-VALUE}).")
  String genes;

  @Option(names = "--model", defaultValue = "ZINB", description = "NB or ZINB (default ${DEFAULT-VALUE}).")
  CountModel model;

  @Option(names = "--repeat", defaultValue = "3", description = "Timed runs (default ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (repeat < 1) {
      throw new IllegalArgumentException("--repeat must be at least 1, got " + repeat);
    }
    AnnData a = Counts.read(file, CountLayer.AUTO);
    int[] idx = GeneSelection.select(genes, a);
    Matrix y = a.requireX().selectCols(idx).toDense();
    double[] s = Counts.sizeFactors(Counts.librarySize(a));
    ZinbParameters p = ZinbFit.fit(y, s, model);
    double[] ms = new double[repeat];
    for (int r = 0; r < repeat; r++) {
      long t0 = System.nanoTime();
      ZinbFit.fit(y, s, model);
      ms[r] = (System.nanoTime() - t0) / 1e6;
    }
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    double median = repeat % 2 == 1 ? sorted[repeat / 2] : 0.5 * (sorted[repeat / 2 - 1] + sorted[repeat / 2]);
    JsonObject j = new JsonObject();
    j.addProperty("file", file.toString());
    j.addProperty("model", model.name());
    j.addProperty("cells", y.rows);
    JsonArray names = new JsonArray();
    JsonArray loglik = new JsonArray();
    for (int k = 0; k < idx.length; k++) {
      names.add(a.var().index()[idx[k]]);
      double sum = 0;
      for (int i = 0; i < y.rows; i++) {
        sum += p.logProbability(k, y.get(i, k), s[i]);
      }
      loglik.add(sum);
    }
    j.add("genes", names);
    j.add("columns", array(Arrays.stream(idx).asDoubleStream().toArray()));
    j.add("mu", array(p.mu()));
    j.add("theta", array(p.theta()));
    j.add("pi", array(p.pi()));
    j.add("loglik", loglik);
    j.addProperty("median_ms", median);
    j.add("runs_ms", array(ms));
    if (json) {
      JsonOutput.print(spec.commandLine().getOut(), j);
    } else {
      spec.commandLine().getOut().printf(java.util.Locale.ROOT, "%s fit of %d genes x %d cells: median %.1f ms over %d runs%n",
          model, idx.length, y.rows, median, repeat);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static JsonArray array(double[] v) {
    JsonArray a = new JsonArray();
    for (double x : v) {
      a.add(x);
    }
    return a;
  }
}
