package org.flowmatch4j.ot;

/**
 * When a {@link Sinkhorn} solve stops: which marginal error is compared with the tolerance and
 * after which iterations. Either way the error is that of the plan after the iteration's f
 * update, whose row marginal then equals its target a' up to rounding, so the information is in
 * the column marginal; an iteration is a g update followed by an f update, counted from 1, and
 * the error is also evaluated when the iteration limit is reached.
 */
public enum SinkhornStopping {
  /**
   * ott-jax's {@code solution_error}: ||P 1 - a'||_1 + ||P^T 1 - b'||_1 (a' = a exp(-f / rho_a),
   * a when tau_a = 1; likewise b'), after iterations k, 2k, 3k, ... with k = {@link
   * SinkhornConfig#checkEvery()}. The default.
   */
  OTT_JAX,
  /**
   * POT's {@code ot.sinkhorn} ({@code sinkhorn_knopp} and {@code sinkhorn_log}, version 0.8):
   * ||P^T 1 - b'||_2, after iterations 1, 1 + k, 1 + 2k, ... (POT tests {@code ii % 10 == 0}
   * with {@code ii} counted from 0, after that iteration's updates). With k = 10 a solve stops
   * after the same number of iterations as POT's, up to rounding.
   */
  POT;

  /** Whether the error is evaluated after iteration {@code it} (counted from 1). */
  boolean checksAfter(int it, int checkEvery) {
    return this == OTT_JAX ? it % checkEvery == 0 : (it - 1) % checkEvery == 0;
  }
}
