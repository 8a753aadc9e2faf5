package org.flowmatch4j.ot;

/**
 * How the Sinkhorn iterations are carried out. Both run the same log-domain updates (the same
 * iterates up to rounding) and the same convergence test.
 */
public enum SinkhornMode {
  /**
   * Every half-iteration is a log-sum-exp over the cost matrix (n*m exponentials), shifted by
   * the current potentials, with an exact max-shift recomputation where that would under- or
   * overflow. Robust for any epsilon; the reference mode.
   */
  LOG_DOMAIN,
  /**
   * The potentials are absorbed into a stored kernel K_ij = exp((f0_i + g0_j - C_ij) / eps)
   * and the iterations run as matrix-vector products on scalings u = exp((f - f0) / eps),
   * v = exp((g - g0) / eps); whenever a scaling leaves [e^-30, e^30] (or a product underflows)
   * the current potentials are absorbed and the kernel recomputed (Schmitzer 2019). Each
   * iteration reads K once, four rows at a time: the rows give their (K v)_i, then u_i, then
   * their shares u_i K_ij of K^T u while still in cache. Same iterates as {@link #LOG_DOMAIN},
   * several times faster; the default.
   */
  STABILIZED_KERNEL
}
