package org.flowmatch4j.nn;

/**
 * A value and a directional derivative recorded on a tape: {@code value = v(x)} (n x out) and
 * {@code tangent = J_v(x) u} for the input tangent u ((k n) x out for k stacked tangent blocks).
 * Both are differentiable: a loss built from either can be back-propagated to the parameters.
 */
public record Jvp(Var value, Var tangent) {}
