package org.flowmatch4j.tasks.perturbation;

/**
 * A held-out (context, condition) pair: its perturbed cells are removed from training (and from the
 * PCA) and predicted from the context's control cells. A null context holds the condition out in
 * every context (an unseen condition or combination).
 */
public record Holdout(String context, String condition) {
  /** Checks that the condition is given and not blank. */
  public Holdout {
    if (condition == null || condition.isBlank()) {
      throw new IllegalArgumentException("a held-out pair needs a condition");
    }
  }

  @Override
  public String toString() {
    return (context == null ? "every context" : context) + " / " + condition;
  }
}
