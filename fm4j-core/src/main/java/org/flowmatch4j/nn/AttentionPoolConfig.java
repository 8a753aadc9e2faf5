package org.flowmatch4j.nn;

/**
 * Shape of the attention pooling of a condition set in an {@link Mlp} (see {@link AttentionPool}).
 * The raw condition c the network is given then starts with the padded set and its mask,
 *
 * <pre>
 *   c = [ e_1 | ... | e_k | m_1 .. m_k | rest ]     k elementDim + k + r columns
 * </pre>
 *
 * and the network sees {@code [pool(e, m) | rest]} (elementDim + r columns) in its place.
 *
 * @param setSize k, the largest set (members beyond a set's size are padding, mask 0)
 * @param elementDim e, the length of one member's vector (also the length of the pooled vector)
 * @param keyDim d_k, the length of the keys and of the learned query
 */
public record AttentionPoolConfig(int setSize, int elementDim, int keyDim) {
  /** Checks setSize, elementDim and keyDim &gt;= 1. */
  public AttentionPoolConfig {
    if (setSize < 1 || elementDim < 1 || keyDim < 1) {
      throw new IllegalArgumentException("attention pooling needs setSize, elementDim and keyDim >= 1, got "
          + setSize + ", " + elementDim + ", " + keyDim);
    }
  }

  /** Columns of c taken by the set and its mask: k e + k. */
  public int setColumns() {
    return setSize * elementDim + setSize;
  }
}
