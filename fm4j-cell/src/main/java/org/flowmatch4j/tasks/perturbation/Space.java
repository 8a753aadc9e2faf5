package org.flowmatch4j.tasks.perturbation;

/** Where a prediction is scored. */
public enum Space {
  /** The embedding the flow works in (e.g. PCA-50). */
  EMBEDDING("embedding"),
  /** All genes, after decoding. */
  GENES("genes"),
  /** The top differentially expressed genes of the held-out pair (real perturbed vs real control). */
  DEG("deg");

  /** The JSON name. */
  public final String key;

  Space(String key) {
    this.key = key;
  }
}
