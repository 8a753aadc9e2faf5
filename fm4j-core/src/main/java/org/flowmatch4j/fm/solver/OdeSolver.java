package org.flowmatch4j.fm.solver;

import org.flowmatch4j.fm.VectorField;
import org.flowmatch4j.tensor.Matrix;

/**
 * Integrates {@code dx/dt = v(x, t)} from {@code t0} to {@code t1} (either direction) for a batch
 * of starting points.
 */
public interface OdeSolver {
  /**
   * Integrates from {@code x0} (n x d, not modified) at time t0 to time t1, and saves the state
   * at each time of {@code saveAt} (monotone from t0 towards t1, within [t0, t1]; null or empty
   * for none).
   *
   * @throws IllegalStateException if the state becomes non-finite or an adaptive solver exceeds
   *     its step budget
   */
  OdeSolution integrate(VectorField v, Matrix x0, double t0, double t1, double[] saveAt);

  /** Integrates without saving intermediate states. */
  default OdeSolution integrate(VectorField v, Matrix x0, double t0, double t1) {
    return integrate(v, x0, t0, t1, null);
  }
}
