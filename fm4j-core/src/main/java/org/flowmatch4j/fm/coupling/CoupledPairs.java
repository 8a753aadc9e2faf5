package org.flowmatch4j.fm.coupling;

import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.source.Source;
import org.flowmatch4j.tensor.Matrix;

/**
 * Pairs from two distributions: draws a minibatch from each and pairs them with a {@link
 * Coupling}. Buffers are reused while the batch size stays the same.
 */
public final class CoupledPairs implements PairSampler {
  private final Source source;
  private final Source target;
  private final Coupling coupling;
  private Matrix a = new Matrix(0, 0);
  private Matrix b = new Matrix(0, 0);
  private int[] i0 = new int[0];
  private int[] i1 = new int[0];

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
    int n = x0.rows;
    int d = dim();
    x0.requireShape(n, d, "x0 batch");
    x1.requireShape(n, d, "x1 batch");
    if (a.rows != n) {
      a = new Matrix(n, d);
      b = new Matrix(n, d);
      i0 = new int[n];
      i1 = new int[n];
    }
    source.sample(rng, a);
    target.sample(rng, b);
    coupling.pair(a, b, rng, i0, i1);
    for (int k = 0; k < n; k++) {
      System.arraycopy(a.data, i0[k] * d, x0.data, k * d, d);
      System.arraycopy(b.data, i1[k] * d, x1.data, k * d, d);
    }
  }

  @Override
  public String toString() {
    return "CoupledPairs[source=" + source + ", target=" + target + ", coupling=" + coupling + "]";
  }
}
