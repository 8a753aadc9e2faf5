package org.flowmatch4j.fm.solver;

/** How samples are drawn from a trained flow or diffusion model. */
public enum SamplerKind {
  /** The (probability-flow) ODE of the velocity, with any {@link OdeSolver}. */
  ODE,
  /**
   * The reverse-time SDE {@code dx = (v + g^2/2 score) dt + g dW} by {@link EulerMaruyama}: with a
   * learned score (Schrodinger-bridge CFM) or the score implied by a diffusion model's prediction.
   */
  SDE,
  /** The deterministic {@link Ddim} sampler of an affine Gaussian path. */
  DDIM
}
