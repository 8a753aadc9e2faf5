package org.flowmatch4j.fm.coupling;

import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.source.Source;
import org.flowmatch4j.tensor.Matrix;

/**
 * Minibatch coupling of two populations: draws n points of each, pairs them with a {@link
 * Coupling} and gathers the pairs' rows,
 *
 * <pre>
 *   a ~ source (n x d),  b ~ target (n x d),  (i0, i1) = coupling(a, b),
 *   x0[k] = a[i0[k]],  x1[k] = b[i1[k]]
 * </pre>
 *
 * drawing from {@code rng} in that order. The work buffers (a, b, i0, i1) are reused while n and
 * d stay the same.
 */
public final class MinibatchCoupler {
  private Matrix a = new Matrix(0, 0);
  private Matrix b = new Matrix(0, 0);
  private int[] i0 = new int[0];
  private int[] i1 = new int[0];

  /**
   * Fills {@code x0} and {@code x1} (both n x d, d the populations' dimension) with n coupled
   * pairs, using only {@code rng}.
   */
  public void pair(RandomGenerator rng, Source source, Source target, Coupling coupling, Matrix x0, Matrix x1) {
    int n = x0.rows;
    int d = source.dim();
    x0.requireShape(n, d, "x0 batch");
    x1.requireShape(n, d, "x1 batch");
    if (a.rows != n || a.cols != d) {
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
}
