package org.flowmatch4j.fm.coupling;

import java.util.random.RandomGenerator;
import org.flowmatch4j.tensor.Matrix;

/**
 * The product coupling: pair k is (x0[k], x1[k]) when both batches have n rows (they are already
 * independent draws), otherwise independent uniform indices on each side.
 */
public record IndependentCoupling() implements Coupling {
  @Override
  public void pair(Matrix x0, Matrix x1, RandomGenerator rng, int[] i0, int[] i1) {
    int n = i0.length;
    if (i1.length != n) {
      throw new IllegalArgumentException("index arrays differ in length: " + n + " and " + i1.length);
    }
    boolean identity = x0.rows == n && x1.rows == n;
    for (int k = 0; k < n; k++) {
      i0[k] = identity ? k : rng.nextInt(x0.rows);
      i1[k] = identity ? k : rng.nextInt(x1.rows);
    }
  }
}
