package org.flowmatch4j.fm.likelihood;

import java.util.random.RandomGenerator;

/** The distribution of Hutchinson's probe vectors; both have mean 0 and covariance I. */
public enum ProbeDistribution {
  /**
   * Independent signs +-1 with probability 1/2: the estimator's variance is {@code 2 sum_{i != j}
   * ((J_ij + J_ji) / 2)^2}, the smallest of all probe distributions; it is exact for a diagonal J.
   */
  RADEMACHER,
  /** Independent standard normals: variance {@code 2 ||(J + J^T) / 2||_F^2}. */
  GAUSSIAN;

  /** One probe coordinate. */
  float draw(RandomGenerator rng) {
    return this == RADEMACHER ? (rng.nextBoolean() ? 1f : -1f) : (float) rng.nextGaussian();
  }
}
