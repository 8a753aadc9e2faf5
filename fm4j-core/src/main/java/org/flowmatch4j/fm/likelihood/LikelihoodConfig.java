package org.flowmatch4j.fm.likelihood;

import org.flowmatch4j.fm.solver.OdeSolver;

/**
 * How a likelihood is computed.
 *
 * @param solver integrates the augmented ODE (any fixed-step or adaptive solver)
 * @param divergence exact or Hutchinson
 * @param tData the time at which the flow produces the data (1, or just below 1 where the field
 *     is singular at 1, as for the variance-preserving path)
 * @param tSource the time of the source density p0 (usually 0)
 * @param batch points integrated together (adaptive solvers choose one step size per batch)
 */
public record LikelihoodConfig(
    OdeSolver solver, DivergenceEstimator divergence, double tData, double tSource, int batch) {
  /** Checks the fields: solver and divergence given, finite times, batch &gt;= 1. */
  public LikelihoodConfig {
    if (solver == null || divergence == null) {
      throw new IllegalArgumentException("likelihood: need a solver and a divergence estimator");
    }
    if (!Double.isFinite(tData) || !Double.isFinite(tSource)) {
      throw new IllegalArgumentException("likelihood: times must be finite, got " + tData + ", " + tSource);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("likelihood: batch must be >= 1, got " + batch);
    }
  }

  /** From t = 1 back to t = 0 in batches of 1,024 points. */
  public static LikelihoodConfig of(OdeSolver solver, DivergenceEstimator divergence) {
    return new LikelihoodConfig(solver, divergence, 1, 0, 1024);
  }

  /** This configuration with other data and source times. */
  public LikelihoodConfig withTimes(double data, double source) {
    return new LikelihoodConfig(solver, divergence, data, source, batch);
  }

  /** This configuration with another batch size. */
  public LikelihoodConfig withBatch(int b) {
    return new LikelihoodConfig(solver, divergence, tData, tSource, b);
  }
}
