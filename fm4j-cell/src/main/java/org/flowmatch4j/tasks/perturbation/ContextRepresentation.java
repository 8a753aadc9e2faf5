package org.flowmatch4j.tasks.perturbation;

/** What the condition vector says about the context (cell type, cell line, donor) of a task. */
public enum ContextRepresentation {
  /** Nothing: the context only selects the source (control) cells. */
  NONE,
  /**
   * The mean of the context's control cells in the embedding (d entries), so that the field can
   * tell contexts apart even where their cells overlap, including contexts never perturbed in
   * training.
   */
  CONTROL_MEAN
}
