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
import org.flowmatch4j.metrics.SinkhornDivergences;
import org.flowmatch4j.metrics.Wasserstein;
import org.flowmatch4j.tensor.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fm4j spark distance INPUT --key K --a A --b B}: energy distance and MMD between two groups
 * of cells by blocks over the partitions ({@link BlockDistances}), and the exact W1 and the Sinkhorn
 * divergences on uniform subsamples of each group, repeated, with their sampling errors. The
 * Sinkhorn divergence is not a sum over pairs of blocks: every Sinkhorn iteration updates each
 * cell's dual potential from all n m pairs, and it takes tens to thousands of iterations, so on
 * millions of cells it is estimated on subsamples, as W1 is.
 */
@Command(
    name = "distance",
    mixinStandardHelpOptions = true,
    header = "Energy distance and MMD by blocks; W1 and Sinkhorn divergences on subsamples; between two groups of cells.",
    description = {
      "Distances between the cells whose --key is --a and those whose --key is --b: Szekely's energy",
      "distance and CellFlow's MMD (RBF, averaged over gamma = 2, 1, 0.5, 0.1, 0.01, 0.005) over all",
      "pairs of cells, by blocks over the partitions; and the exact W1 and CellFlow's Sinkhorn",
      "divergences (--sinkhorn-eps) on --w1-cells cells drawn from each group, --w1-repeats times,",
      "reported as mean, standard deviation and standard error over the repeats (exact when the draw",
      "holds every cell)."
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

  @Option(names = "--w1-cells", defaultValue = "2000", paramLabel = "M", description = "Cells drawn from each group for W1 and the Sinkhorn divergences; 0 skips both (default ${DEFAULT-VALUE}).")
  int w1Cells;

  @Option(names = "--w1-repeats", defaultValue = "5", paramLabel = "R", description = "Independent draws for the sampling error of W1 and the Sinkhorn divergences (default ${DEFAULT-VALUE}).")
  int w1Repeats;

  @Option(names = "--sinkhorn-eps", split = ",", defaultValue = "1,10,100", paramLabel = "EPS", description = "Epsilons of the Sinkhorn divergences on the W1 draws (CellFlow's: squared Euclidean cost, debiased; default ${DEFAULT-VALUE}).")
  double[] sinkhornEps;

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
    for (double eps : sinkhornEps) {
      if (!(eps > 0) || !Double.isFinite(eps)) {
        throw new IllegalArgumentException("--sinkhorn-eps must be positive numbers, got " + eps);
      }
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
      double[][] sd = new double[sinkhornEps.length][repeats];
      for (int k = 0; k < repeats; k++) {
        List<Vector> xs = Subsample.of(cells, key, a, in.embedding, w1Cells, seed + 2L * k);
        List<Vector> ys = Subsample.of(cells, key, b, in.embedding, w1Cells, seed + 2L * k + 1);
        int d = xs.get(0).size();
        Matrix x = SparkRows.matrix(xs, d);
        Matrix y = SparkRows.matrix(ys, d);
        w[k] = Wasserstein.w1(x, y);
        for (int e = 0; e < sinkhornEps.length; e++) {
          sd[e][k] = SinkhornDivergences.at(x, y, sinkhornEps[e]);
        }
      }
      print(o, "W1", w, exact);
      for (int e = 0; e < sinkhornEps.length; e++) {
        print(o, String.format(Locale.ROOT, "Sinkhorn divergence (eps %s)", sinkhornEps[e]), sd[e], exact);
      }
    }
    o.flush();
    return 0;
  }

  /** One subsample statistic: exact when the draw held every cell, else the mean over the draws with its errors. */
  private void print(PrintWriter o, String name, double[] v, boolean exact) {
    if (exact) {
      o.printf(Locale.ROOT, "%s %.6g (exact: every cell)%n", name, v[0]);
      return;
    }
    double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    double sd = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : Double.NaN;
    o.printf(Locale.ROOT, "%s %.6g (on %d cells per group; sd over %d draws %.3g, standard error %.3g)%n", name, mean,
        w1Cells, v.length, sd, sd / Math.sqrt(v.length));
  }
}
