package org.flowmatch4j.fm.solver;

/** Explicit Runge-Kutta methods on a fixed grid, with their order and evaluations per step. */
public enum FixedStepMethod {
  /** {@code x' = x + h f(x, t)}; order 1. */
  EULER(1, 1),
  /** {@code x' = x + h f(x + h/2 f(x, t), t + h/2)}; order 2. */
  MIDPOINT(2, 2),
  /** Heun's method (explicit trapezoid): {@code x' = x + h/2 (k1 + f(x + h k1, t + h))}; order 2. */
  HEUN(2, 2),
  /** The classical fourth-order Runge-Kutta method; order 4. */
  RK4(4, 4);

  /** Order of convergence of the global error. */
  public final int order;
  /** Vector-field evaluations per step. */
  public final int stages;

  FixedStepMethod(int order, int stages) {
    this.order = order;
    this.stages = stages;
  }
}
