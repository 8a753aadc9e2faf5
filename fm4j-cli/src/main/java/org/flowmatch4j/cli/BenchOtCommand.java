package org.flowmatch4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flowmatch4j.data.Npy;
import org.flowmatch4j.ot.Assignment;
import org.flowmatch4j.ot.CostScaling;
import org.flowmatch4j.ot.Emd;
import org.flowmatch4j.ot.GroundCost;
import org.flowmatch4j.ot.NetworkSimplex;
import org.flowmatch4j.ot.Sinkhorn;
import org.flowmatch4j.ot.SinkhornConfig;
import org.flowmatch4j.ot.SinkhornMode;
import org.flowmatch4j.ot.SinkhornResult;
import org.flowmatch4j.ot.SinkhornStopping;
import org.flowmatch4j.tensor.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fm4j bench ot DIR}: times the exact and entropic OT solvers on the point clouds that
 * {@code bench/ot_pot.py generate DIR} wrote (the same inputs POT is timed on by {@code
 * bench/ot.sh}). The solvers run on the calling thread, except the row-independent work on large
 * matrices (cost matrices; Sinkhorn's kernel, cost scale and plan), which is split between the
 * cores of {@link org.flowmatch4j.tensor.Parallel}; POT runs on one thread.
 */
@Command(
    name = "ot",
    mixinStandardHelpOptions = true,
    description = "Time exact W1 (2,000 and 5,000 points, unequal sizes), OT-CFM minibatch plans"
        + " (256 x 256) and Sinkhorn (2,000 x 2,000, eps 0.1 and 0.01, stopped by POT's rule) on the clouds in DIR; medians over --repeat"
        + " runs after one warm-up run; --cases picks some of these groups.")
public final class BenchOtCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "Folder written by bench/ot_pot.py generate.")
  Path dir;

  @Option(names = "--repeat", defaultValue = "3", description = "Timed runs per case (default ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--skip-large", description = "Skip the 5,000 x 5,000 case.")
  boolean skipLarge;

  @Option(names = "--json", description = "Print one JSON object as the last line.")
  boolean json;

  /** A group of benchmark cases. */
  enum Group { W1, MINIBATCH, SINKHORN }

  @Option(names = "--cases", split = ",",
      description = "Which groups to time: W1, MINIBATCH, SINKHORN, comma-separated (default: all).")
  List<Group> groups = List.of(Group.values());

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  private static final String[] W1_CASES = {
    "w1_2000", "w1_5000", "w1_1429x3781", "w1_2000x3000_10d"
  };
  private static final String[] MINIBATCHES = {"minibatch_d2", "minibatch_d50"};
  private static final int BATCH = 256;

  private interface Run {
    double call();
  }

  @Override
  public Integer call() throws IOException {
    if (repeat < 1) {
      throw new IllegalArgumentException("--repeat must be at least 1, got " + repeat);
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "benchmark folder " + dir + " does not exist; write it with bench/ot_pot.py generate");
    }
    PrintWriter err = spec.commandLine().getErr();
    JsonArray cases = new JsonArray();
    for (String name : groups.contains(Group.W1) ? W1_CASES : new String[0]) {
      Matrix x = Npy.readMatrix(dir.resolve(name + "_x.npy"));
      Matrix y = Npy.readMatrix(dir.resolve(name + "_y.npy"));
      if (skipLarge && (long) x.rows * y.rows > 10_000_000L) {
        continue;
      }
      boolean warm = (long) x.rows * y.rows <= 10_000_000L;
      cases.add(time(name, x, y, warm, () -> Emd.cost(x, null, y, null, GroundCost.EUCLIDEAN),
          err));
      if (x.rows == y.rows) {
        double[] a = uniform(x.rows);
        double[] b = uniform(y.rows);
        double[] xd = toDouble(x);
        double[] yd = toDouble(y);
        int d = x.cols;
        JsonObject ns = time(name + "_network_simplex", x, y, warm, () -> {
          double[] c = GroundCost.EUCLIDEAN.pairwise(xd, x.rows, yd, y.rows, d);
          return new NetworkSimplex().solve(a, b, c).cost();
        }, err);
        cases.add(ns);
      }
    }
    for (String name : groups.contains(Group.MINIBATCH) ? MINIBATCHES : new String[0]) {
      cases.add(minibatch(name, err));
    }
    if (groups.contains(Group.SINKHORN)) {
      sinkhorn(cases, err);
    }
    JsonObject out = new JsonObject();
    out.add("cases", cases);
    out.addProperty("java", System.getProperty("java.version"));
    out.addProperty("repeat", repeat);
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      JsonOutput.print(o, out);
    } else {
      for (var c : cases) {
        JsonObject j = c.getAsJsonObject();
        o.printf(Locale.ROOT, "%-32s %10.2f ms   cost %.12g%n", j.get("name").getAsString(),
            j.get("median_ms").getAsDouble(), j.get("cost").getAsDouble());
      }
    }
    o.flush();
    return 0;
  }

  /**
   * Balanced Sinkhorn on the 2,000 x 2,000 clouds at eps 0.1 and 0.01, both modes, with POT's
   * stopping rule (the error and the iterations after which POT's {@code ot.sinkhorn} checks it).
   */
  private void sinkhorn(JsonArray cases, PrintWriter err) throws IOException {
    Matrix x = Npy.readMatrix(dir.resolve("w1_2000_x.npy"));
    Matrix y = Npy.readMatrix(dir.resolve("w1_2000_y.npy"));
    for (double eps : new double[] {0.1, 0.01}) {
      for (SinkhornMode mode : SinkhornMode.values()) {
        Sinkhorn solver = new Sinkhorn();
        SinkhornConfig cfg = SinkhornConfig.balanced(eps).withScaling(CostScaling.MAX)
            .withStopping(1e-9, 100_000).withMode(mode).withStoppingRule(SinkhornStopping.POT);
        int[] iterations = new int[1];
        String name = "sinkhorn_2000_eps" + eps + "_"
            + (mode == SinkhornMode.LOG_DOMAIN ? "log" : "kernel");
        JsonObject j = time(name, x, y, true, () -> {
          SinkhornResult r = solver.solve(x, null, y, null, GroundCost.SQ_EUCLIDEAN, cfg);
          iterations[0] = r.iterations();
          return r.transportCost();
        }, err);
        j.addProperty("epsilon", eps);
        j.addProperty("scaling", "max");
        j.addProperty("iterations", iterations[0]);
        cases.add(j);
      }
    }
  }

  private JsonObject time(String name, Matrix x, Matrix y, boolean warmUp, Run run,
      PrintWriter err) {
    if (warmUp) {
      run.call();
    }
    var os = (com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    double[] ms = new double[repeat];
    double[] cpu = new double[repeat];
    double[] threadCpu = new double[repeat];
    double cost = Double.NaN;
    for (int r = 0; r < repeat; r++) {
      long c0 = os.getProcessCpuTime();
      long tc0 = WorkingThreadsCpu.nanos();
      long t0 = System.nanoTime();
      cost = run.call();
      ms[r] = (System.nanoTime() - t0) / 1e6;
      threadCpu[r] = (WorkingThreadsCpu.nanos() - tc0) / 1e6;
      cpu[r] = (os.getProcessCpuTime() - c0) / 1e6;
    }
    JsonObject j = result(name, x.rows, y.rows, x.cols, ms, cost);
    j.addProperty("cpu_median_ms", median(cpu));
    // the solvers timed here run on the calling thread and the pool's workers: their CPU time,
    // counted in nanoseconds and without the JIT's and the collector's threads, is the least
    // disturbed measure of them
    j.addProperty("thread_cpu_median_ms", median(threadCpu));
    err.printf(Locale.ROOT, "fm4j %s: %.1f ms (process CPU %.1f ms, thread CPU %.1f ms)%n", name,
        j.get("median_ms").getAsDouble(), j.get("cpu_median_ms").getAsDouble(), median(threadCpu));
    err.flush();
    return j;
  }

  /** One exact plan per 256 x 256 minibatch (squared Euclidean), one reused solver. */
  private JsonObject minibatch(String name, PrintWriter err) throws IOException {
    Matrix x0 = Npy.readMatrix(dir.resolve(name + "_x.npy"));
    Matrix x1 = Npy.readMatrix(dir.resolve(name + "_y.npy"));
    int batches = x0.rows / BATCH;
    Matrix[] a = new Matrix[batches];
    Matrix[] b = new Matrix[batches];
    for (int k = 0; k < batches; k++) {
      int[] idx = new int[BATCH];
      for (int i = 0; i < BATCH; i++) {
        idx[i] = k * BATCH + i;
      }
      a[k] = x0.rows(idx);
      b[k] = x1.rows(idx);
    }
    Assignment solver = new Assignment(BATCH);
    int[] perm = new int[BATCH];
    for (int k = 0; k < batches; k++) {
      solver.solve(a[k], b[k], GroundCost.SQ_EUCLIDEAN, perm); // warm-up pass
    }
    double[] ms = new double[batches];
    double total = 0;
    for (int k = 0; k < batches; k++) {
      long t0 = System.nanoTime();
      double c = solver.solve(a[k], b[k], GroundCost.SQ_EUCLIDEAN, perm);
      ms[k] = (System.nanoTime() - t0) / 1e6;
      total += c / BATCH;
    }
    JsonObject j = result(name, BATCH, BATCH, x0.cols, ms, total / batches);
    j.addProperty("batches", batches);
    err.printf(Locale.ROOT, "fm4j %s: %.3f ms per solve%n", name, j.get("median_ms").getAsDouble());
    err.flush();
    return j;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int k = sorted.length;
    return k % 2 == 1 ? sorted[k / 2] : 0.5 * (sorted[k / 2 - 1] + sorted[k / 2]);
  }

  private static JsonObject result(String name, int n, int m, int d, double[] ms, double cost) {
    double median = median(ms);
    JsonObject j = new JsonObject();
    j.addProperty("name", name);
    j.addProperty("n", n);
    j.addProperty("m", m);
    j.addProperty("d", d);
    JsonArray runs = new JsonArray();
    for (double v : ms) {
      runs.add(v);
    }
    j.add("runs_ms", runs);
    j.addProperty("median_ms", median);
    j.addProperty("cost", cost);
    return j;
  }

  private static double[] uniform(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1.0 / n);
    return w;
  }

  private static double[] toDouble(Matrix m) {
    double[] d = new double[m.data.length];
    for (int k = 0; k < d.length; k++) {
      d[k] = m.data[k];
    }
    return d;
  }
}
