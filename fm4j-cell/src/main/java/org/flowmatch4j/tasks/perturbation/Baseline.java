package org.flowmatch4j.tasks.perturbation;

/** The reference predictions every model is compared with, in the same table. */
public enum Baseline {
  /** The control cells of the held-out context, unchanged. */
  IDENTITY("identity"),
  /**
   * The control cells shifted by mean(perturbed) - mean(control), each mean pooled over the cells
   * of every training context measured under the condition.
   */
  MEAN_SHIFT("mean_shift"),
  /**
   * The control cells shifted by the average over training contexts of each context's own
   * mean(perturbed) - mean(control).
   */
  MEAN_SHIFT_PER_CONTEXT("mean_shift_per_context");

  /** The JSON name. */
  public final String key;

  Baseline(String key) {
    this.key = key;
  }
}
