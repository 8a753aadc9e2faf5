package org.flowmatch4j.tasks.perturbation;

/**
 * How condition labels become vectors (see {@link ConditionEncoder}).
 *
 * @param vectors user-supplied perturbation vectors, or null for one-hot codes over the
 *     perturbations of the training cells
 * @param separator the combination separator (e.g. "+"), or null when labels are never combinations
 * @param dose how the dose enters, or null without a dose column
 * @param pooling how the perturbations of a combination are pooled
 */
public record ConditionSpec(PerturbationVectors vectors, String separator, DoseScale dose, SetPooling pooling) {
  /** Turns an empty separator into null (no combinations) and checks that the pooling is given. */
  public ConditionSpec {
    if (separator != null && separator.isEmpty()) {
      separator = null;
    }
    if (pooling == null) {
      throw new IllegalArgumentException("the set pooling must be given");
    }
  }

  /** Combinations mean-pooled. */
  public ConditionSpec(PerturbationVectors vectors, String separator, DoseScale dose) {
    this(vectors, separator, dose, SetPooling.MEAN);
  }

  /** This specification with another set pooling. */
  public ConditionSpec withPooling(SetPooling newPooling) {
    return new ConditionSpec(vectors, separator, dose, newPooling);
  }

  /** One-hot codes, combinations split at '+', no dose. */
  public static ConditionSpec oneHot() {
    return new ConditionSpec(null, "+", null);
  }
}
