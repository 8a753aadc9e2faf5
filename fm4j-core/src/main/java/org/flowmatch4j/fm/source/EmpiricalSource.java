package org.flowmatch4j.fm.source;

import java.util.random.RandomGenerator;
import org.flowmatch4j.tensor.Matrix;

/**
 * An empirical population: rows of a data matrix drawn uniformly with replacement (control
 * cells, an earlier time point). The data matrix is shared, not copied.
 */
public final class EmpiricalSource implements Source {
  private final Matrix data;

  /** @param data n x d population, n >= 1 (not copied; must not change while sampled) */
  public EmpiricalSource(Matrix data) {
    if (data.rows == 0 || data.cols == 0) {
      throw new IllegalArgumentException(
          "empirical source: needs at least one point of dimension >= 1, got " + data);
    }
    this.data = data;
  }

  /** The population sampled from. */
  public Matrix data() {
    return data;
  }

  @Override
  public int dim() {
    return data.cols;
  }

  @Override
  public void sample(RandomGenerator rng, Matrix out) {
    requireDim(out);
    int d = data.cols;
    for (int i = 0; i < out.rows; i++) {
      System.arraycopy(data.data, rng.nextInt(data.rows) * d, out.data, i * d, d);
    }
  }

  /**
   * Like {@link #sample(RandomGenerator, Matrix)} but also records which row each sample is, in
   * {@code idx} (length n).
   */
  public void sample(RandomGenerator rng, Matrix out, int[] idx) {
    requireDim(out);
    if (idx.length != out.rows) {
      throw new IllegalArgumentException("index array of length " + idx.length + " for " + out.rows + " rows");
    }
    int d = data.cols;
    for (int i = 0; i < out.rows; i++) {
      int r = rng.nextInt(data.rows);
      idx[i] = r;
      System.arraycopy(data.data, r * d, out.data, i * d, d);
    }
  }

  @Override
  public String toString() {
    return "EmpiricalSource[n=" + data.rows + ", d=" + data.cols + "]";
  }
}
