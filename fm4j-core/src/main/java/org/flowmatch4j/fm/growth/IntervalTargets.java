package org.flowmatch4j.fm.growth;

import java.util.SplittableRandom;

/**
 * Draws the regression targets of one interval between consecutive time points, in the
 * interval's local time t in [0, 1]: for each of n rows a point x_t, its velocity u_t = dx/dt,
 * growth rate g_t = d log m / dt and loss weight w = m_t / m_0 (the pair's mass relative to its
 * start; 0 for a pair that is left out). Implementations are immutable or allocate their own work
 * buffers per call, so several threads may draw at once.
 */
public interface IntervalTargets {
  /**
   * Fills {@code n} rows: {@code xt}, {@code ut} (n x d, row-major, from offset {@code off * d}),
   * {@code gt}, {@code w} and {@code t} (from offset {@code off}), drawing only from {@code rng}.
   */
  void draw(SplittableRandom rng, int n, float[] xt, float[] ut, float[] gt, float[] w, float[] t, int off);

  /** A short description for checkpoint headers. */
  String describe();
}
