package org.flowmatch4j.ot;

/**
 * Thrown when a solver stops at its iteration limit before reaching its optimality or convergence
 * criterion. An exact solver never returns a plan that is not optimal; a strict Sinkhorn solve
 * never returns an unconverged plan.
 */
public final class NotConvergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public NotConvergedException(String message) {
    super(message);
  }
}
