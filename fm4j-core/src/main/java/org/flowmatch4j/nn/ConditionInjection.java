package org.flowmatch4j.nn;

/**
 * How the condition c enters an {@link Mlp} velocity field {@code v(x, t, c)}.
 *
 * <ul>
 *   <li>{@link #CONCAT}: c is concatenated to the first layer's input {@code [x | t | c]}.
 *   <li>{@link #FILM}: feature-wise linear modulation (Perez et al. 2018) of every hidden layer,
 *       after its linear map and before its activation: {@code z_l <- (1 + gamma_l(c)) * z_l +
 *       beta_l(c)} with {@code gamma_l(c) = c G_l^T}, {@code beta_l(c) = c B_l^T} (G_l, B_l width x
 *       condDim); the first layer sees {@code [x | t]} only.
 *   <li>{@link #CONCAT_AND_FILM}: both.
 * </ul>
 */
public enum ConditionInjection {
  /** c concatenated to the first layer's input {@code [x | t | c]}. */
  CONCAT,
  /** FiLM of every hidden layer: {@code z_l <- (1 + gamma_l(c)) * z_l + beta_l(c)}. */
  FILM,
  /** Both {@link #CONCAT} and {@link #FILM}. */
  CONCAT_AND_FILM;

  /** Whether c is part of the first layer's input. */
  public boolean concatenates() {
    return this != FILM;
  }

  /** Whether the hidden layers are modulated by FiLM. */
  public boolean modulates() {
    return this != CONCAT;
  }
}
