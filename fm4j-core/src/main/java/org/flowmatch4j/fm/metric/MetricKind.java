package org.flowmatch4j.fm.metric;

/** The data-dependent metrics of metric flow matching. */
public enum MetricKind {
  /** {@link LandMetric}: local diagonal covariance of the nearest cells (low dimensions). */
  LAND,
  /** {@link RbfMetric}: a radial-basis density fitted to the cells (meant for 50 to 100 dimensions). */
  RBF;

  /** The command-line name, e.g. {@code land}. */
  public String cliName() {
    return name().toLowerCase();
  }
}
