package org.flowmatch4j.tasks.spatial;

import org.flowmatch4j.tensor.Matrix;

/**
 * How each section's spot features (spots x F, own values and neighbourhood means) are scaled before
 * every model sees them. Whatever is chosen here, the models then z-score the features with the
 * training spots' pooled mean and sd.
 */
public enum FeatureScaling {
  /** As computed: only the pooled z-scores of the models. */
  POOLED,
  /**
   * Each section z-scored with its own spots' mean and sd, {@code z_ic = (f_ic - mean_c) / sd_c}
   * (population sd; a constant column becomes 0), the held-out section included. An affine change of
   * a feature within a section, e.g. one slide stained darker than another, leaves it unchanged;
   * what remains is how a spot differs from the rest of its own section. Uses no expression.
   */
  PER_SECTION;

  /** The features of one section, spots x F, scaled; a new matrix. */
  Matrix apply(Matrix section) {
    return switch (this) {
      case POOLED -> section.copy();
      case PER_SECTION -> Standardizer.fit(section).apply(section);
    };
  }
}
