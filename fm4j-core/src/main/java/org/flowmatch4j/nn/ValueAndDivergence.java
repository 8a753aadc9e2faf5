package org.flowmatch4j.nn;

/**
 * A velocity and its exact divergence recorded on a tape: {@code value} is v(x, t, c) (n x d),
 * {@code divergence} is {@code sum_j dv_j/dx_j} (n x 1). Both are differentiable.
 */
public record ValueAndDivergence(Var value, Var divergence) {}
