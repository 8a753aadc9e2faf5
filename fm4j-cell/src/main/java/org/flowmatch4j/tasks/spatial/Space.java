package org.flowmatch4j.tasks.spatial;

/** Where expression is predicted and scored. */
public enum Space {
  /** {@code log1p(y)} of the raw counts (the published protocol). */
  RAW("raw"),
  /** {@code log1p(1e4 y / L)}, L the spot's total count over all genes of the file. */
  NORM("norm");

  /** The suffix in the JSON and tables. */
  public final String key;

  Space(String key) {
    this.key = key;
  }
}
