package org.flowmatch4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowmatch4j.data.PointClouds;
import org.flowmatch4j.metrics.EnergyDistance;
import org.flowmatch4j.metrics.Mmd;
import org.flowmatch4j.metrics.SinkhornDivergences;
import org.flowmatch4j.metrics.Wasserstein;
import org.flowmatch4j.tensor.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fm4j distance}: a distance between two cell populations. */
@Command(
    name = "distance",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Distance between two point clouds: W1, W2, MMD, energy, E-distance or Sinkhorn.",
    description = {
      "Distance between two point clouds (cell populations): exact W1 or W2 (optionally weighted),",
      "MMD with the RBF kernel averaged over gamma in {2, 1, 0.5, 0.1, 0.01, 0.005}, energy",
      "distance, E-distance, or the Sinkhorn divergence. Inputs: CSV/TSV (numeric columns), .npy,",
      "or .h5ad with --a-key X|obsm/NAME and --a-where column=value."
    })
final class DistanceCommand implements Callable<Integer> {
  /** The metrics. */
  enum Metric { W1, W2, MMD, ENERGY, EDISTANCE, SINKHORN }

  @Spec CommandSpec spec;
  @Mixin RunOptions run;

  @Option(names = "--a", required = true, paramLabel = "FILE", description = "First population.")
  Path a;

  @Option(names = "--b", required = true, paramLabel = "FILE", description = "Second population.")
  Path b;

  @Option(names = "--a-key", paramLabel = "KEY", description = "For .h5ad: X (default) or obsm/NAME.")
  String aKey;

  @Option(names = "--b-key", paramLabel = "KEY", description = "For .h5ad: X (default) or obsm/NAME.")
  String bKey;

  @Option(names = "--a-where", paramLabel = "COL=VALUE", description = "For .h5ad: only the cells with this obs value.")
  String aWhere;

  @Option(names = "--b-where", paramLabel = "COL=VALUE", description = "For .h5ad: only the cells with this obs value.")
  String bWhere;

  @Option(names = "--weights-a", paramLabel = "FILE", description = "Weights of the first population (w1, w2).")
  Path weightsA;

  @Option(names = "--weights-b", paramLabel = "FILE", description = "Weights of the second population (w1, w2).")
  Path weightsB;

  @Option(names = "--metric", required = true,
      description = "${COMPLETION-CANDIDATES} (energy: Szekely's, Euclidean; edistance: CellFlow's, squared Euclidean).")
  Metric metric;

  @Option(names = "--epsilon", split = ",", defaultValue = "1,10,100",
      description = "Sinkhorn epsilons (default: ${DEFAULT-VALUE}).")
  List<Double> epsilons;

  @Override
  public Integer call() throws Exception {
    run.apply();
    InputFiles.requireFile(a, "--a");
    InputFiles.requireFile(b, "--b");
    Matrix x = PointClouds.read(a, aKey, aWhere);
    Matrix y = PointClouds.read(b, bKey, bWhere);
    if (x.cols != y.cols) {
      throw new IllegalArgumentException(
          "--a has " + x.cols + " dimensions and --b has " + y.cols + "; they must match");
    }
    double[] wa = weightsA == null ? null : PointClouds.weights(weightsA, x.rows);
    double[] wb = weightsB == null ? null : PointClouds.weights(weightsB, y.rows);
    if ((wa != null || wb != null) && metric != Metric.W1 && metric != Metric.W2) {
      throw new IllegalArgumentException("weights apply to --metric w1 and w2 only");
    }
    Map<String, Object> json = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    switch (metric) {
      case W1 -> json.put("w1", Wasserstein.w1(x, wa, y, wb));
      case W2 -> json.put("w2", Wasserstein.w2(x, wa, y, wb));
      case MMD -> json.put("mmd", Mmd.cellflow(x, y));
      case ENERGY -> json.put("energy", EnergyDistance.energy(x, y));
      case EDISTANCE -> json.put("edistance", EnergyDistance.eDistance(x, y));
      case SINKHORN -> {
        Map<String, Double> s = new LinkedHashMap<>();
        for (double eps : epsilons) {
          s.put(Double.toString(eps), SinkhornDivergences.at(x, y, eps));
        }
        json.put("sinkhorn", s);
      }
      default -> throw new AssertionError(metric);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    json.put("n_a", x.rows);
    json.put("n_b", y.rows);
    json.put("dim", x.cols);
    json.put("seconds", seconds);
    if (run.json) {
      JsonOutput.print(spec.commandLine().getOut(), json);
    } else {
      Object value = json.values().iterator().next();
      spec.commandLine().getOut().printf("%s = %s  (%d vs %d points in %d dimensions, %.3f s)%n",
          metric.name().toLowerCase(), value, x.rows, y.rows, x.cols, seconds);
    }
    return 0;
  }
}
