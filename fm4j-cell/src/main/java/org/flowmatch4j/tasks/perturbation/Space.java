package org.flowmatch4j.tasks.perturbation;

import java.util.ArrayList;
import java.util.List;

/** Where a prediction is scored. */
public enum Space {
  /** The embedding the flow works in (e.g. PCA-50). */
  EMBEDDING("embedding", false),
  /** All genes, after decoding. */
  GENES("genes", true),
  /** The top differentially expressed genes of the held-out pair (real perturbed vs real control). */
  DEG("deg", true);

  /** The JSON name. */
  public final String key;
  /** True when the columns are expression values (genes). */
  public final boolean expression;

  Space(String key, boolean expression) {
    this.key = key;
    this.expression = expression;
  }

  /** The metrics scored in this space: every metric, less the expression ones outside gene spaces. */
  public List<Metric> metrics() {
    List<Metric> out = new ArrayList<>();
    for (Metric m : Metric.values()) {
      if (expression || !m.expression) {
        out.add(m);
      }
    }
    return out;
  }
}
