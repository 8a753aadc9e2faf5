package org.flowmatch4j.fm.coupling;

import java.util.random.RandomGenerator;
import org.flowmatch4j.tensor.Matrix;

/** Draws minibatches of training pairs (x0, x1): row k of each output is one pair. */
public interface PairSampler {
  /** Dimension d of both points of a pair. */
  int dim();

  /** Fills {@code x0} and {@code x1} (both n x d) with n pairs, using only {@code rng}. */
  void sample(RandomGenerator rng, Matrix x0, Matrix x1);
}
