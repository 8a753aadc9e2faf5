package org.flowmatch4j.nn;

/** How a network sees the time t in [0, 1]. */
public enum TimeEncoding {
  /** t as one extra input column, as TorchCFM's MLP does. */
  RAW,
  /**
   * A sinusoidal embedding of E = {@code timeEmbeddingDim} columns (E even, half = E / 2): {@code
   * [cos(w_j t) | sin(w_j t)]} with {@code w_j = 1000 exp(-ln(10000) j / half)}, j = 0 .. half-1,
   * that is the DDPM/GLIDE timestep embedding applied to {@code 1000 t}.
   */
  SINUSOIDAL;

  /** The frequencies {@code w_j} of the sinusoidal embedding with {@code dim} columns. */
  static double[] frequencies(int dim) {
    int half = dim / 2;
    double[] w = new double[half];
    for (int j = 0; j < half; j++) {
      w[j] = 1000.0 * Math.exp(-Math.log(10000.0) * j / half);
    }
    return w;
  }
}
