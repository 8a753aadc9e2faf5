package org.flowmatch4j.tasks.perturbation;

/** How a numeric dose enters the condition vector. */
public enum DoseScale {
  /** The dose as it is. */
  LINEAR,
  /** {@code log(1 + dose)} (CPA's log-dose), for doses spanning orders of magnitude; dose >= 0. */
  LOG1P;

  /** The encoded dose; rejects non-finite doses and, for LOG1P, negative ones. */
  public double apply(double dose) {
    if (!Double.isFinite(dose) || (this == LOG1P && dose < 0)) {
      throw new IllegalArgumentException(
          "dose " + dose + " cannot be encoded " + name().toLowerCase() + (this == LOG1P ? " (doses must be >= 0)" : ""));
    }
    return this == LINEAR ? dose : Math.log1p(dose);
  }
}
