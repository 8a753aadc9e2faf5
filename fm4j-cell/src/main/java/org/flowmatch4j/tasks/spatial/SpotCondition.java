package org.flowmatch4j.tasks.spatial;

import org.flowmatch4j.nn.AttentionPoolConfig;
import org.flowmatch4j.tensor.Matrix;

/**
 * The condition of spot i in the spatial flow, laid out for the network's attention pooling
 * ({@link org.flowmatch4j.nn.AttentionPool}):
 *
 * <pre>
 *   c_i = [ x_t(j_1) | ... | x_t(j_k) | m_1 .. m_k | f_i ]       k G + k + F columns
 * </pre>
 *
 * where j_1..j_k are i's nearest spots ({@link SpotNeighbourhood}), x_t(j) their current states
 * (G), m_p = 1 for a neighbour and 0 for padding, and f_i the spot's own features (F). The network
 * sees {@code [sum_p a_p W_v x_t(j_p) | f_i]}, a_p the softmax attention of a learned query over
 * the keys {@code W_k x_t(j_p)}.
 */
final class SpotCondition {
  private SpotCondition() {}

  /** The pooling of k neighbours' states of G genes (keys of {@code keyDim}). */
  static AttentionPoolConfig pooling(int k, int genes, int keyDim) {
    return new AttentionPoolConfig(k, genes, keyDim);
  }

  /** Columns of c: k G + k + F. */
  static int columns(int k, int genes, int features) {
    return k * genes + k + features;
  }

  /**
   * Writes row r of c for spot i: the neighbours' states from rows {@code r k .. r k + k - 1} of
   * {@code states} (rows of padding are ignored), the mask from {@code nb}, and row i of {@code
   * features}.
   */
  static void write(Matrix c, int r, SpotNeighbourhood nb, int i, Matrix states, Matrix features) {
    int k = nb.k();
    int g = states.cols;
    int f = features.cols;
    int at = r * c.cols;
    System.arraycopy(states.data, r * k * g, c.data, at, k * g);
    for (int p = 0; p < k; p++) {
      boolean present = nb.at(i, p) >= 0;
      c.data[at + k * g + p] = present ? 1f : 0f;
      if (!present) {
        java.util.Arrays.fill(c.data, at + p * g, at + (p + 1) * g, 0f);
      }
    }
    System.arraycopy(features.data, i * f, c.data, at + k * g + k, f);
  }
}
