package org.flowmatch4j.tasks.generation;

import org.flowmatch4j.tensor.Matrix;

/**
 * Generated cells: the flow's log1p values and the counts drawn around them, with each cell's
 * label (null without a condition).
 *
 * @param log1p n x G flow output
 * @param counts n x G counts, {@code y ~ NB(expm1(max(x, 0)), theta_g)}
 * @param labels n labels, or null
 */
public record Generated(Matrix log1p, Matrix counts, String[] labels) {}
