package org.flowmatch4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.h5ad.ReadOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fm4j bench h5ad FILE}: time reading obs, var, X and one obsm matrix of an .h5ad file. */
@Command(
    name = "h5ad",
    mixinStandardHelpOptions = true,
    description = "Time reading obs, var, X and one obsm matrix; prints the median over --repeat runs after one warm-up run.")
public final class BenchH5adCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE")
  Path file;

  @Option(names = "--obsm", defaultValue = "X_pca", description = "The obsm key to read (default ${DEFAULT-VALUE}).")
  String obsm;

  @Option(names = "--repeat", defaultValue = "5", description = "Timed runs (default ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (repeat < 1) {
      throw new IllegalArgumentException("--repeat must be at least 1, got " + repeat);
    }
    ReadOptions opt = ReadOptions.metadata().withUns(false).withX(true).withObsm(obsm);
    long w0 = System.nanoTime();
    AnnData a = H5ad.read(file, opt);
    double warm = (System.nanoTime() - w0) / 1e6;
    double[] ms = new double[repeat];
    double[] cpu = new double[repeat];
    var os = (com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long nnz = a.requireX().nnz();
    for (int r = 0; r < repeat; r++) {
      // as the Python side does, each timed result is dropped before the next read starts
      long c0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      long got = H5ad.read(file, opt).requireX().nnz();
      ms[r] = (System.nanoTime() - t0) / 1e6;
      cpu[r] = (os.getProcessCpuTime() - c0) / 1e6;
      if (got != nnz) {
        throw new IllegalStateException(file + ": read " + got + " non-zeros, the warm-up read " + nnz);
      }
    }
    double median = median(ms);
    JsonObject j = new JsonObject();
    j.addProperty("file", file.toString());
    j.addProperty("n_obs", a.nObs());
    j.addProperty("n_vars", a.nVars());
    j.addProperty("x_storage", a.requireX().storage());
    j.addProperty("x_nnz", a.requireX().nnz());
    j.addProperty("obsm", obsm);
    j.addProperty("obsm_cols", a.obsm().get(obsm).cols());
    j.addProperty("first_ms", warm);
    j.addProperty("median_ms", median);
    JsonArray all = new JsonArray();
    for (double v : ms) {
      all.add(v);
    }
    j.add("runs_ms", all);
    j.addProperty("cpu_median_ms", median(cpu));
    j.addProperty("threads", Runtime.getRuntime().availableProcessors());
    if (json) {
      JsonOutput.print(spec.commandLine().getOut(), j);
    } else {
      spec.commandLine().getOut().printf(java.util.Locale.ROOT,
          "read obs+var+X (%s, nnz %d)+obsm/%s of %s: median %.1f ms (process CPU %.1f ms) over %d runs"
              + " (first %.1f ms)%n",
          a.requireX().storage(), a.requireX().nnz(), obsm, file, median, median(cpu), repeat, warm);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static double median(double[] v) {
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }
}
