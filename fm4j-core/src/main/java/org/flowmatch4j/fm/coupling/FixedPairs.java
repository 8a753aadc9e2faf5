package org.flowmatch4j.fm.coupling;

import java.util.random.RandomGenerator;
import org.flowmatch4j.tensor.Matrix;

/**
 * A fixed set of pairs, drawn uniformly with replacement: row k of {@code x0} goes with row k of
 * {@code x1}. Reflow (rectified flow's 2-rectification) trains on the pairs (x0, flow(x0)) that a
 * trained flow generated.
 */
public final class FixedPairs implements PairSampler {
  private final Matrix x0;
  private final Matrix x1;

  /** @param x0 n x d starts, @param x1 n x d ends (not copied) */
  public FixedPairs(Matrix x0, Matrix x1) {
    if (x0.rows != x1.rows || x0.cols != x1.cols || x0.rows == 0) {
      throw new IllegalArgumentException(
          "fixed pairs need two non-empty matrices of the same shape, got " + x0 + " and " + x1);
    }
    this.x0 = x0;
    this.x1 = x1;
  }

  @Override
  public int dim() {
    return x0.cols;
  }

  @Override
  public void sample(RandomGenerator rng, Matrix out0, Matrix out1) {
    int d = x0.cols;
    out0.requireShape(out0.rows, d, "x0 batch");
    out1.requireShape(out0.rows, d, "x1 batch");
    for (int k = 0; k < out0.rows; k++) {
      int r = rng.nextInt(x0.rows);
      System.arraycopy(x0.data, r * d, out0.data, k * d, d);
      System.arraycopy(x1.data, r * d, out1.data, k * d, d);
    }
  }

  @Override
  public String toString() {
    return "FixedPairs[n=" + x0.rows + ", d=" + x0.cols + "]";
  }
}
