package org.flowmatch4j.fm.likelihood;

/** How the divergence of the vector field is computed inside the change of variables. */
public enum DivergenceMethod {
  /** The exact trace of the Jacobian: d directional derivatives per evaluation. */
  EXACT,
  /**
   * Hutchinson's estimator {@code eps^T J eps} averaged over K random probes with {@code E[eps
   * eps^T] = I}, the probes fixed along the whole trajectory (as in FFJORD): unbiased, K
   * directional derivatives per evaluation whatever the dimension.
   */
  HUTCHINSON
}
