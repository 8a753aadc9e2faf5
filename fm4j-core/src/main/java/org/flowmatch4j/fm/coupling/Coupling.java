package org.flowmatch4j.fm.coupling;

import java.util.random.RandomGenerator;
import org.flowmatch4j.tensor.Matrix;

/**
 * A coupling of two minibatches: which source point trains with which target point. Independent
 * pairs give I-CFM; pairs drawn from a minibatch optimal-transport plan give OT-CFM and straighter
 * flows. A coupling is independent of the path it is used with.
 */
public interface Coupling {
  /**
   * Chooses n = {@code i0.length} pairs between the rows of {@code x0} (n0 x d) and {@code x1}
   * (n1 x d): pair k is {@code (x0[i0[k]], x1[i1[k]])}. Randomness comes from {@code rng} only.
   *
   * <p>Not modified: x0, x1.
   *
   * @throws IllegalStateException if an optimal-transport solve fails (never silently replaced by
   *     independent pairs)
   */
  void pair(Matrix x0, Matrix x1, RandomGenerator rng, int[] i0, int[] i1);
}
