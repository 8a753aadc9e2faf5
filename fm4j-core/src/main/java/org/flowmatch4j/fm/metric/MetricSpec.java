package org.flowmatch4j.fm.metric;

import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.tensor.Matrix;

/**
 * How to fit a {@link DiagonalMetric} to cells. NaN bandwidth or rho means "derived from the data"
 * (see {@link LandMetric}) or, for rho of the RBF metric, the published 1e-3.
 *
 * @param kind LAND or RBF
 * @param bandwidth LAND bandwidth sigma (> 0), or NaN for the data-derived default
 * @param alpha exponent of the metric (>= 0; 0 is the flat metric, whose geodesics are straight)
 * @param rho LAND variance floor or RBF floor eps (> 0), or NaN for the default
 * @param centres RBF centres (>= 1)
 * @param kappa RBF bandwidth factor (> 0)
 * @param neighbours LAND nearest cells summed over (>= 1)
 */
public record MetricSpec(MetricKind kind, double bandwidth, double alpha, double rho, int centres, double kappa,
    int neighbours) {
  /** The published RBF floor eps. */
  public static final double RBF_DEFAULT_EPS = 1e-3;

  /** Checks the fields against the ranges above; a bad value throws {@link InvalidSettingException}. */
  public MetricSpec {
    if (kind == null) {
      throw new IllegalArgumentException("a metric kind (land or rbf) is needed");
    }
    if (!(Double.isNaN(bandwidth) || (bandwidth > 0 && Double.isFinite(bandwidth)))) {
      throw new InvalidSettingException("{metric-bandwidth} must be > 0, got " + bandwidth);
    }
    if (!(alpha >= 0) || !Double.isFinite(alpha)) {
      throw new InvalidSettingException("{metric-alpha} must be >= 0, got " + alpha);
    }
    if (!(Double.isNaN(rho) || (rho > 0 && Double.isFinite(rho)))) {
      throw new InvalidSettingException("{metric-rho} must be > 0, got " + rho);
    }
    if (centres < 1) {
      throw new InvalidSettingException("{rbf-centres} must be >= 1, got " + centres);
    }
    if (!(kappa > 0) || !Double.isFinite(kappa)) {
      throw new InvalidSettingException("{rbf-kappa} must be > 0, got " + kappa);
    }
    if (neighbours < 1) {
      throw new InvalidSettingException("{metric-neighbours} must be >= 1, got " + neighbours);
    }
  }

  /** The defaults of a kind: data-derived bandwidth and rho, alpha 1, 100 centres, kappa 1, 64 neighbours. */
  public static MetricSpec defaults(MetricKind kind) {
    return new MetricSpec(kind, Double.NaN, 1, Double.NaN, RbfMetric.DEFAULT_CENTRES, 1, LandMetric.DEFAULT_NEIGHBOURS);
  }

  /** True for alpha = 0: g = 1 everywhere, the straight line is the geodesic. */
  public boolean flat() {
    return alpha == 0;
  }

  /** The metric fitted to {@code cells} (N x d), with {@code seed} for its random choices. */
  public DiagonalMetric fit(Matrix cells, long seed) {
    return switch (kind) {
      case LAND -> LandMetric.fit(cells, bandwidth, rho, alpha, neighbours, seed);
      case RBF -> RbfMetric.fit(cells, centres, kappa, Double.isNaN(rho) ? RBF_DEFAULT_EPS : rho, alpha, seed);
    };
  }

  @Override
  public String toString() {
    return kind.cliName() + "(bandwidth=" + (Double.isNaN(bandwidth) ? "auto" : bandwidth) + ", alpha=" + alpha
        + ", rho=" + (Double.isNaN(rho) ? "auto" : rho) + ", centres=" + centres + ", kappa=" + kappa
        + ", neighbours=" + neighbours + ")";
  }
}
