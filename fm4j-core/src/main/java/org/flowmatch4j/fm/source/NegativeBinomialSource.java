package org.flowmatch4j.fm.source;

/**
 * Independent negative binomials per gene, {@code y_g ~ NB(s mu_g, theta_g)} (mean s mu_g,
 * variance {@code s mu_g + (s mu_g)^2 / theta_g}), sampled by gamma-Poisson, transformed.
 */
public final class NegativeBinomialSource extends CountSource {
  /**
   * @param params per-gene mu and theta; every pi must be 0
   * @param sizeFactors the size factors a sample draws from uniformly (e.g. {1})
   * @param transform applied to the counts
   */
  public NegativeBinomialSource(ZinbParameters params, double[] sizeFactors, CountTransform transform) {
    super(requireNb(params), sizeFactors, transform);
  }

  private static ZinbParameters requireNb(ZinbParameters p) {
    if (!p.isNegativeBinomial()) {
      throw new IllegalArgumentException("negative binomial source: every pi must be 0 (use ZinbSource)");
    }
    return p;
  }
}
