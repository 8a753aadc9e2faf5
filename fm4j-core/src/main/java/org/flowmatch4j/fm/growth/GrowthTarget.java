package org.flowmatch4j.fm.growth;

/**
 * Which growth rate a WFR training pair regresses on ({@link WfrTargets}). The pair's mass follows
 * the WFR geodesic {@code m(t) = A t^2 - 2 B t + m0} ({@link org.flowmatch4j.fm.path.WfrGeodesic}),
 * whose rate {@code g(t) = m'(t) / m(t)} dips below and rises above the pair's net change: for
 * equal masses {@code g(0) = -2 (1 - cos theta)} and {@code g(1) = +2 (1 - cos theta)}, theta = d /
 * 2 delta. Both targets give the same mass change over the interval,
 * {@code integral_0^1 g(t) dt = log(m1 / m0)}.
 */
public enum GrowthTarget {
  /** The geodesic's rate at t, {@code g(t) = (2 A t - 2 B) / m(t)}, as published (WFR-FM). */
  GEODESIC,
  /**
   * Its mean over the interval, {@code log(m1 / m0)}, the same at every t: a transported pair of
   * equal masses then has rate 0, and only the pairs whose mass changes carry growth.
   */
  MEAN;

  /**
   * The target of a pair with masses {@code m0}, {@code m1} (both > 0) whose geodesic has rate
   * {@code geodesicRate} at the drawn t.
   */
  public double rate(double geodesicRate, double m0, double m1) {
    return this == GEODESIC ? geodesicRate : Math.log(m1 / m0);
  }
}
