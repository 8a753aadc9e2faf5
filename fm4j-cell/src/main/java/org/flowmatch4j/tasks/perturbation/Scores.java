package org.flowmatch4j.tasks.perturbation;

import java.util.EnumMap;
import java.util.Map;

/** The value of every {@link Metric} in every {@link Space} for one prediction. */
public record Scores(Map<Space, Map<Metric, Double>> values) {
  /** Copies the outer map. */
  public Scores {
    values = new EnumMap<>(values);
  }

  /** The value of a metric in a space. */
  public double get(Space space, Metric metric) {
    Map<Metric, Double> m = values.get(space);
    if (m == null || !m.containsKey(metric)) {
      throw new IllegalArgumentException("no " + metric.key + " in " + space.key);
    }
    return m.get(metric);
  }

  /** Builds the scores space by space. */
  static Scores of(Map<Metric, Double> embedding, Map<Metric, Double> genes, Map<Metric, Double> deg) {
    Map<Space, Map<Metric, Double>> v = new EnumMap<>(Space.class);
    v.put(Space.EMBEDDING, embedding);
    v.put(Space.GENES, genes);
    v.put(Space.DEG, deg);
    return new Scores(v);
  }
}
