package org.flowmatch4j.fm.coupling;

import org.flowmatch4j.tensor.Matrix;

/**
 * The finite set of pairs a {@link PairSampler} draws from: row k of {@code x0} and row k of
 * {@code x1} (both m x d) form pair k. The support of a whole-population plan ({@link
 * PopulationPlan#support}) has at most n0 + n1 - 1 pairs.
 *
 * @param x0 first point of each pair (m x d)
 * @param x1 second point of each pair (m x d)
 */
public record PairSupport(Matrix x0, Matrix x1) {
  /** Checks both have the same shape. */
  public PairSupport {
    x1.requireShape(x0.rows, x0.cols, "x1 of the support");
  }

  /** Number of pairs m. */
  public int size() {
    return x0.rows;
  }
}
