package org.flowmatch4j.fm.source;

/**
 * Independent zero-inflated negative binomials per gene: {@code y_g = 0} with probability pi_g,
 * else {@code NB(s mu_g, theta_g)}; transformed. With {@link ZinbParameters#stflowPrior} and
 * size factor 1 this is STFlow's source.
 */
public final class ZinbSource extends CountSource {
  /**
   * @param params per-gene mu, theta and pi
   * @param sizeFactors the size factors a sample draws from uniformly (e.g. {1})
   * @param transform applied to the counts
   */
  public ZinbSource(ZinbParameters params, double[] sizeFactors, CountTransform transform) {
    super(params, sizeFactors, transform);
  }

  /** STFlow's fixed prior (theta = 1, mu = e^0.1, pi = 0.5) over {@code genes} genes at size factor 1. */
  public static ZinbSource stflow(int genes, CountTransform transform) {
    return new ZinbSource(ZinbParameters.stflowPrior(genes), new double[] {1}, transform);
  }
}
