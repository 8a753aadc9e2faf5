package org.flowmatch4j.fm.solver;

import java.util.List;
import org.flowmatch4j.tensor.Matrix;

/**
 * The result of integrating an ODE or SDE.
 *
 * @param x the state at the final time
 * @param nfe number of evaluations of the vector field
 * @param steps accepted steps
 * @param rejected rejected steps (adaptive solvers only)
 * @param times the times at which states were saved (empty if none were asked for)
 * @param states the saved states, one n x d matrix per entry of {@code times}
 */
public record OdeSolution(
    Matrix x, int nfe, int steps, int rejected, double[] times, List<Matrix> states) {}
