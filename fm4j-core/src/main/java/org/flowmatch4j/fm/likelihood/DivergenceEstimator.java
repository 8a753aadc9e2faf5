package org.flowmatch4j.fm.likelihood;

/**
 * The divergence used by the change of variables: exact, or Hutchinson's estimator with
 * {@code probes} probe vectors per point drawn from {@code probe} with a generator seeded by
 * {@code seed}.
 *
 * @param method exact or Hutchinson
 * @param probe the probe distribution (Hutchinson only; null for exact)
 * @param probes probe vectors per point, K >= 1 (1 for exact); with K >= 2 every point also gets
 *     the standard error of its estimate
 * @param seed seed of the probes (ignored for exact)
 */
public record DivergenceEstimator(DivergenceMethod method, ProbeDistribution probe, int probes, long seed) {
  /** Checks the fields; for the exact method the probe is set to null and probes to 1. */
  public DivergenceEstimator {
    if (method == null) {
      throw new IllegalArgumentException("divergence: no method given");
    }
    if (method == DivergenceMethod.HUTCHINSON) {
      if (probe == null) {
        throw new IllegalArgumentException("divergence: Hutchinson's estimator needs a probe distribution");
      }
      if (probes < 1) {
        throw new IllegalArgumentException("divergence: --probes must be >= 1, got " + probes);
      }
    } else {
      probe = null;
      probes = 1;
    }
  }

  /** The exact divergence. */
  public static DivergenceEstimator exact() {
    return new DivergenceEstimator(DivergenceMethod.EXACT, null, 1, 0);
  }

  /** Hutchinson's estimator with K = {@code probes} probes per point. */
  public static DivergenceEstimator hutchinson(ProbeDistribution probe, int probes, long seed) {
    return new DivergenceEstimator(DivergenceMethod.HUTCHINSON, probe, probes, seed);
  }

  /** True for Hutchinson's estimator. */
  public boolean isStochastic() {
    return method == DivergenceMethod.HUTCHINSON;
  }

  /** A short description, e.g. {@code exact} or {@code hutchinson/rademacher/8}. */
  public String label() {
    return isStochastic() ? "hutchinson/" + probe.name().toLowerCase() + "/" + probes : "exact";
  }
}
