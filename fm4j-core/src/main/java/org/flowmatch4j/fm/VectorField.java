package org.flowmatch4j.fm;

import org.flowmatch4j.tensor.Matrix;

/**
 * A time-dependent vector field {@code v(x, t)} evaluated on a batch of points: the velocity of a
 * flow, a score, or the drift of an SDE.
 */
@FunctionalInterface
public interface VectorField {
  /**
   * Writes {@code v(x, t)} into {@code out}. Shapes: x and out are n x d.
   *
   * <p>Not modified: x.
   */
  void eval(Matrix x, double t, Matrix out);
}
