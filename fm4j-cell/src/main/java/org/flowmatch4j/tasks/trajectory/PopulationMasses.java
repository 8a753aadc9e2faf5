package org.flowmatch4j.tasks.trajectory;

import org.flowmatch4j.fm.InvalidSettingException;
/**
 * The relative population mass M_k of each time point, M_0 = 1: by default the cell counts,
 * {@code M_k = N_k / N_0}, as the published VGFM and WFR-FM protocols assume (the number of cells
 * sampled grows with the population). When sampling depth is not population size the masses are
 * given instead and rescaled so that M_0 = 1. A cell of time k then carries the mass
 * {@code M_k N_0 / N_k} (1 with the default), so each population's cells add up to {@code M_k N_0}.
 */
public final class PopulationMasses {
  private PopulationMasses() {}

  /**
   * The relative masses of {@code tc}: {@code given} divided by its first entry, or N_k / N_0 when
   * {@code given} is null.
   */
  public static double[] relative(TimeCourse tc, double[] given) {
    double[] m = new double[tc.size()];
    if (given == null) {
      for (int k = 0; k < m.length; k++) {
        m[k] = (double) tc.snapshot(k).rows / tc.snapshot(0).rows;
      }
      return m;
    }
    if (given.length != tc.size()) {
      throw new InvalidSettingException(
          "{masses} has " + given.length + " values but the data has " + tc.size() + " time points");
    }
    for (int k = 0; k < m.length; k++) {
      if (!(given[k] > 0) || Double.isInfinite(given[k])) {
        throw new InvalidSettingException("{masses} value " + (k + 1) + " is " + given[k] + "; masses must be positive");
      }
      m[k] = given[k] / given[0];
    }
    return m;
  }

  /** The mass of one cell of time point k: {@code M_k N_0 / N_k}. */
  public static double cellMass(TimeCourse tc, double[] relative, int k) {
    return relative[k] * tc.snapshot(0).rows / tc.snapshot(k).rows;
  }
}
