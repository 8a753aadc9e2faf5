package org.flowmatch4j.fm.source;

/** The map applied to a count y before a flow sees it; the flow runs in that space. */
public enum CountTransform {
  /** y itself. */
  IDENTITY,
  /** log(1 + y), as STFlow runs its flow on log1p expression. */
  LOG1P;

  /** The transformed count. */
  public double apply(double y) {
    return this == LOG1P ? Math.log1p(y) : y;
  }

  /** The count whose transform is v: v itself or expm1(v). */
  public double inverse(double v) {
    return this == LOG1P ? Math.expm1(v) : v;
  }
}
