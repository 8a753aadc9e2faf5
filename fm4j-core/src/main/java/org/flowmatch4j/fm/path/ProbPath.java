package org.flowmatch4j.fm.path;

import org.flowmatch4j.tensor.Matrix;

/**
 * A conditional probability path: given a coupled pair (x0, x1), a time t and standard noise eps,
 * a point {@code x_t} on the path and the path's velocity {@code u_t = d x_t / dt} there, both in
 * closed form. Flow matching regresses a network {@code v(x_t, t)} onto {@code u_t}.
 */
public interface ProbPath {
  /**
   * Fills {@code xt} and {@code ut} (n x d) from {@code x0}, {@code x1}, {@code eps} (n x d) and
   * per-row times {@code t} (length n). {@code eps} may be null when {@link #isStochastic()} is
   * false. Not modified: x0, x1, eps, t.
   */
  void sample(Matrix x0, Matrix x1, float[] t, Matrix eps, Matrix xt, Matrix ut);

  /** True when the path adds independent noise, so that {@code eps} must be supplied. */
  boolean isStochastic();

  /**
   * The standard deviation {@code gamma_t} of the independent noise at time t (0 for a
   * deterministic path). The conditional score of the path is {@code -eps / gamma_t}.
   */
  double noiseStd(double t);

  /** The smallest and largest training time worth sampling (kept off singular ends). */
  default double tMin() {
    return 0;
  }

  /** See {@link #tMin()}. */
  default double tMax() {
    return 1;
  }
}
