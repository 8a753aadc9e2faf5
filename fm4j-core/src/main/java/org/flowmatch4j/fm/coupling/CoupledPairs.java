package org.flowmatch4j.fm.coupling;

import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.source.Source;
import org.flowmatch4j.tensor.Matrix;

/**
 * Pairs from two distributions: draws a minibatch from each and pairs them with a {@link
 * Coupling} ({@link MinibatchCoupler}). Buffers are reused while the batch size stays the same.
 */
public final class CoupledPairs implements PairSampler {
  private final Source source;
  private final Source target;
  private final Coupling coupling;
  private final MinibatchCoupler coupler = new MinibatchCoupler();

  /**
   * Pairs minibatches of {@code source} with minibatches of {@code target} (same dimension) by
   * {@code coupling}.
   */
  public CoupledPairs(Source source, Source target, Coupling coupling) {
    if (source.dim() != target.dim()) {
      throw new IllegalArgumentException(
          "source has dimension " + source.dim() + ", target " + target.dim());
    }
    this.source = source;
    this.target = target;
    this.coupling = coupling;
  }

  /** The coupling used. */
  public Coupling coupling() {
    return coupling;
  }

  @Override
  public int dim() {
    return source.dim();
  }

  @Override
  public void sample(RandomGenerator rng, Matrix x0, Matrix x1) {
    coupler.pair(rng, source, target, coupling, x0, x1);
  }

  @Override
  public String toString() {
    return "CoupledPairs[source=" + source + ", target=" + target + ", coupling=" + coupling + "]";
  }
}
