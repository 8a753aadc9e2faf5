package org.flowmatch4j.ot;

/**
 * How a cost matrix is rescaled before an entropic solve: the solver works on C / s, so that an
 * epsilon means the same thing whatever the units of C. The names follow ott-jax's {@code
 * scale_cost} ("mean", "max_cost") and TorchCFM's {@code normalize_cost} (divide by the max).
 */
public enum CostScaling {
  /** s = 1. */
  NONE,
  /** s = mean of all n*m entries (ott-jax and moscot: {@code scale_cost="mean"}). */
  MEAN,
  /** s = largest entry (ott-jax {@code "max_cost"}; TorchCFM's {@code M / M.max()}). */
  MAX;

  /** The factor s for the first {@code len} entries of {@code c}; 1 when that would be &lt;= 0. */
  public double factor(double[] c, int len) {
    switch (this) {
      case MEAN: {
        Sum s = new Sum();
        for (int k = 0; k < len; k++) {
          s.add(c[k]);
        }
        double mean = s.value() / len;
        return mean > 0 ? mean : 1;
      }
      case MAX: {
        int k = Points.VECTOR ? VectorRows.end(len) : 0;
        double mx = Points.VECTOR ? VectorRows.max(c, k) : Double.NEGATIVE_INFINITY;
        for (; k < len; k++) {
          mx = Math.max(mx, c[k]);
        }
        return ofMax(mx);
      }
      default:
        return 1;
    }
  }

  /** The {@link #MAX} factor of a matrix whose largest entry is {@code mx}. */
  static double ofMax(double mx) {
    return mx > 0 ? mx : 1;
  }
}
