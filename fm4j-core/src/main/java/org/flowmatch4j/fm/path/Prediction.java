package org.flowmatch4j.fm.path;

/**
 * What a network predicts at {@code (x_t, t)} on an affine path {@code x_t = alpha_t x1 +
 * sigma_t eps} with a standard Gaussian source {@code eps = x0}.
 */
public enum Prediction {
  /** The velocity {@code v = dAlpha_t E[x1 | x_t] + dSigma_t E[eps | x_t]}. */
  VELOCITY,
  /** The clean target {@code E[x1 | x_t]}. */
  X1,
  /** The noise {@code E[eps | x_t]} (DDPM's epsilon-prediction). */
  EPSILON,
  /** The score {@code grad log p_t(x_t) = -E[eps | x_t] / sigma_t}. */
  SCORE
}
