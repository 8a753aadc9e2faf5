package org.flowmatch4j.tasks.generation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How close generated cells are to held-out real cells ({@link CountMetrics}).
 *
 * @param mmd squared MMD, RBF kernel averaged over five bandwidths around the median heuristic, on the PCA scores
 * @param energy energy distance on the PCA scores
 * @param zeroFractionMae mean over genes of |zero fraction generated - zero fraction real| of the counts
 * @param meanCorrelation Pearson correlation over genes of the per-gene means (normalised log1p)
 * @param varianceCorrelation Pearson correlation over genes of the per-gene variances (normalised log1p)
 */
public record CountScores(double mmd, double energy, double zeroFractionMae, double meanCorrelation,
    double varianceCorrelation) {

  /** The JSON keys, in order. */
  public static final List<String> KEYS = List.of("mmd", "energy", "zero_fraction_mae", "mean_correlation",
      "variance_correlation");

  /** The scores by {@link #KEYS}. */
  public double[] values() {
    return new double[] {mmd, energy, zeroFractionMae, meanCorrelation, varianceCorrelation};
  }

  /** Every score's mean over the seeds' scores. */
  public static CountScores mean(List<CountScores> seeds) {
    double[] m = new double[KEYS.size()];
    for (CountScores s : seeds) {
      double[] v = s.values();
      for (int k = 0; k < m.length; k++) {
        m[k] += v[k];
      }
    }
    for (int k = 0; k < m.length; k++) {
      m[k] /= seeds.size();
    }
    return new CountScores(m[0], m[1], m[2], m[3], m[4]);
  }

  /**
   * Mean over seeds of every score under its key, the per-seed values under {@code key_seeds} and
   * the standard deviation (ddof 1; 0 for one seed) under {@code key_std}.
   */
  public static Map<String, Object> summary(List<CountScores> seeds) {
    Map<String, Object> out = new LinkedHashMap<>();
    double[] means = mean(seeds).values();
    for (int k = 0; k < KEYS.size(); k++) {
      double[] v = new double[seeds.size()];
      for (int s = 0; s < v.length; s++) {
        v[s] = seeds.get(s).values()[k];
      }
      double mean = means[k];
      double ss = 0;
      for (double x : v) {
        ss += (x - mean) * (x - mean);
      }
      out.put(KEYS.get(k), mean);
      out.put(KEYS.get(k) + "_std", v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0.0);
      out.put(KEYS.get(k) + "_seeds", v);
    }
    return out;
  }
}
