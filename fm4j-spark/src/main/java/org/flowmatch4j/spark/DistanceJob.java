package org.flowmatch4j.spark;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.flowmatch4j.metrics.Mmd;
import org.flowmatch4j.metrics.Wasserstein;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fm4j spark distance INPUT --key K --a A --b B}: energy distance and MMD between two groups
 * of cells by blocks over the partitions ({@link BlockDistances}), and the exact W1 on uniform
 * subsamples of each group, repeated, with its sampling error.
 */
@Command(
    name = "distance",
    mixinStandardHelpOptions = true,
    header = "Energy distance and MMD by blocks, and W1 on subsamples, between two groups of cells.",
    description = {
      "Distances between the cells whose --key is --a and those whose --key is --b: Szekely's energy distance",
      "and CellFlow's MMD (RBF, averaged over gamma = 2, 1, 0.5, 0.1, 0.01, 0.005) over all pairs of cells, by",
      "blocks over the partitions; and the exact W1 on --w1-cells cells drawn from each group, --w1-repeats",
      "times, reported as mean, standard deviation and standard error over the repeats."
    })
public final class DistanceJob implements Callable<Integer> {
  @Mixin CellsInput in;

  @Option(names = "--key", required = true, paramLabel = "COL", description = "obs column of the groups (e.g. day).")
  String key;

  @Option(names = "--a", required = true, paramLabel = "VALUE", description = "Group of the first population.")
  String a;

  @Option(names = "--b", required = true, paramLabel = "VALUE", description = "Group of the second population.")
  String b;

  @Option(names = "--block", defaultValue = "2048", paramLabel = "N", description = "Cells per block of the pairwise sums (default ${DEFAULT-VALUE}).")
  int block;

  @Option(names = "--w1-cells", defaultValue = "2000", paramLabel = "M", description = "Cells drawn from each group for W1; 0 skips W1 (default ${DEFAULT-VALUE}).")
  int w1Cells;

  @Option(names = "--w1-repeats", defaultValue = "5", paramLabel = "R", description = "Independent draws for W1's sampling error (default ${DEFAULT-VALUE}).")
  int w1Repeats;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the W1 draws (default ${DEFAULT-VALUE}).")
  long seed;

  @Mixin SparkOptions spark;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (block < 1) {
      throw new IllegalArgumentException("--block must be at least 1, got " + block);
    }
    if (w1Cells < 0 || w1Repeats < 1) {
      throw new IllegalArgumentException("--w1-cells must be at least 0 and --w1-repeats at least 1");
    }
    SparkSession s = spark.session("distance");
    Dataset<Row> cells = in.read(s, spark, key);
    List<String> groups = Populations.groups(cells, key);
    Populations.requireGroup(groups, key, a);
    Populations.requireGroup(groups, key, b);
    BlockDistances.Result r = BlockDistances.compute(
        BlockDistances.clouds(cells.javaRDD(), key, in.embedding, a, b, block), Mmd.CELLFLOW_GAMMAS);
    PrintWriter o = spec.commandLine().getOut();
    o.printf(Locale.ROOT, "%s = %s: %d cells, %s = %s: %d cells%n", key, a, r.nx(), key, b, r.ny());
    o.printf(Locale.ROOT, "energy distance %.6g%nMMD^2 (CellFlow gammas) %.6g%n", r.energy(), r.mmd());
    if (w1Cells > 0) {
      boolean exact = w1Cells >= r.nx() && w1Cells >= r.ny();
      int repeats = exact ? 1 : w1Repeats;
      double[] w = new double[repeats];
      for (int k = 0; k < repeats; k++) {
        List<Vector> x = Subsample.of(cells, key, a, in.embedding, w1Cells, seed + 2L * k);
        List<Vector> y = Subsample.of(cells, key, b, in.embedding, w1Cells, seed + 2L * k + 1);
        int d = x.get(0).size();
        w[k] = Wasserstein.w1(SparkRows.matrix(x, d), SparkRows.matrix(y, d));
      }
      if (exact) {
        o.printf(Locale.ROOT, "W1 %.6g (exact: every cell)%n", w[0]);
      } else {
        double mean = java.util.Arrays.stream(w).average().orElse(Double.NaN);
        double ss = 0;
        for (double v : w) {
          ss += (v - mean) * (v - mean);
        }
        double sd = repeats > 1 ? Math.sqrt(ss / (repeats - 1)) : Double.NaN;
        o.printf(Locale.ROOT, "W1 %.6g (on %d cells per group; sd over %d draws %.3g, standard error %.3g)%n", mean,
            w1Cells, repeats, sd, sd / Math.sqrt(repeats));
      }
    }
    o.flush();
    return 0;
  }
}
