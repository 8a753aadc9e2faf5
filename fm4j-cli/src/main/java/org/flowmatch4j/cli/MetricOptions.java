package org.flowmatch4j.cli;

import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.metric.LandMetric;
import org.flowmatch4j.fm.metric.MetricKind;
import org.flowmatch4j.fm.metric.MetricSpec;
import org.flowmatch4j.fm.metric.RbfMetric;
import org.flowmatch4j.train.GeodesicObjective;
import picocli.CommandLine.Option;

/** The metric and path training of metric flow matching (--matcher otmfm or imfm) of fm4j trajectory and fm4j toy. */
final class MetricOptions {
  @Option(names = "--metric", paramLabel = "land|rbf",
      description = "Metric whose geodesics otmfm/imfm follow: land (low dimensions) or rbf (50-100 dimensions) (default: land).")
  MetricKind metric;

  @Option(names = "--metric-bandwidth", paramLabel = "SIGMA",
      description = "LAND kernel bandwidth (default: median distance of the cells to their "
          + LandMetric.BANDWIDTH_NEIGHBOURS + "th nearest cell).")
  Double bandwidth;

  @Option(names = "--metric-alpha", paramLabel = "A",
      description = "Metric exponent, >= 0; 0 is flat (straight paths) (default: 1).")
  Double alpha;

  @Option(names = "--metric-rho", paramLabel = "RHO",
      description = "LAND variance floor (default: bandwidth^2 / 16) or RBF floor eps (default: 1e-3).")
  Double rho;

  @Option(names = "--metric-neighbours", paramLabel = "K",
      description = "Nearest cells in the LAND sum (default: " + LandMetric.DEFAULT_NEIGHBOURS + ").")
  Integer neighbours;

  @Option(names = "--rbf-centres", paramLabel = "K",
      description = "RBF centres (k-means), at most the cells the metric is fitted to (those of a pair of time points;"
          + " in fm4j toy 4,000 points) (default: "
          + RbfMetric.DEFAULT_CENTRES + ").")
  Integer centres;

  @Option(names = "--rbf-kappa", paramLabel = "KAPPA",
      description = "RBF bandwidth factor on each cluster's spread (default: 1).")
  Double kappa;

  @Option(names = "--geodesic-steps", paramLabel = "N",
      description = "Training steps of the path network (stage 1); fm4j trajectory stops it earlier when the"
          + " metric energy of a validation batch levels off (default: a quarter of --steps).")
  Integer geodesicSteps;

  /** Whether any option of this group was given. */
  boolean given() {
    return metric != null || bandwidth != null || alpha != null || rho != null || neighbours != null || centres != null
        || kappa != null || geodesicSteps != null;
  }

  /**
   * The metric for {@code matcher}: the one asked for for otmfm and imfm, null for the other
   * matchers.
   *
   * @throws IllegalArgumentException if an option of this group is given for a matcher that learns
   *     no path
   */
  MetricSpec specFor(Matcher matcher) {
    if (matcher.learnsPath()) {
      return spec();
    }
    if (given()) {
      throw new IllegalArgumentException("--metric and its options apply to --matcher otmfm or imfm only, not "
          + matcher.cliName());
    }
    return null;
  }

  /** The path-training steps asked for, or the default for {@code steps} flow steps. */
  int geodesicSteps(int steps) {
    return geodesicSteps != null ? geodesicSteps : GeodesicObjective.defaultSteps(steps);
  }

  /** The metric asked for (LAND with its defaults when only the matcher was chosen). */
  MetricSpec spec() {
    MetricSpec d = MetricSpec.defaults(metric != null ? metric : MetricKind.LAND);
    return new MetricSpec(d.kind(), bandwidth != null ? bandwidth : d.bandwidth(), alpha != null ? alpha : d.alpha(),
        rho != null ? rho : d.rho(), centres != null ? centres : d.centres(), kappa != null ? kappa : d.kappa(),
        neighbours != null ? neighbours : d.neighbours());
  }
}
