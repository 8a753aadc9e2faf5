package org.flowmatch4j.tasks.perturbation;

/**
 * How condition labels become vectors (see {@link ConditionEncoder}).
 *
 * @param vectors user-supplied perturbation vectors, or null for one-hot codes over the
 *     perturbations of the training cells
 * @param separator the combination separator (e.g. "+"), or null when labels are never combinations
 * @param dose how the dose enters, or null without a dose column
 */
public record ConditionSpec(PerturbationVectors vectors, String separator, DoseScale dose) {
  public ConditionSpec {
    if (separator != null && separator.isEmpty()) {
      separator = null;
    }
  }

  /** One-hot codes, combinations split at '+', no dose. */
  public static ConditionSpec oneHot() {
    return new ConditionSpec(null, "+", null);
  }
}
