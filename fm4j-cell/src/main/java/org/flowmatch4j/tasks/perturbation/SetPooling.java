package org.flowmatch4j.tasks.perturbation;

/** How the set of single perturbations of a combination becomes one vector. */
public enum SetPooling {
  /** The mean of the members' vectors, fixed (not learned). */
  MEAN,
  /**
   * A learned attention pooling ({@link org.flowmatch4j.nn.AttentionPool}) trained with the velocity
   * field: c carries the padded set and its mask, the network pools it.
   */
  ATTENTION
}
