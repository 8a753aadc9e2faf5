package org.flowmatch4j.tasks.spatial;

import org.flowmatch4j.train.ConfigChecks;
import org.flowmatch4j.train.NetworkSpec;
import org.flowmatch4j.train.OptimSpec;

/**
 * Settings of the spatial task.
 *
 * @param genes {@code hvg:N}, {@code all} or gene names, chosen on the training sections
 * @param neighbours k of the neighbourhood features (nearest spots of the same section)
 * @param attention k of the neighbours' current states the flow attends to (0: none)
 * @param ridgeAlpha ridge penalty on z-scored features
 * @param knn k of the k-nearest-neighbour baseline (in feature space)
 * @param network hidden layers of each flow's network
 * @param optim AdamW's steps per flow, spots per step, rate, weight decay, clipping and the decay
 *     of the weight average used for prediction
 * @param nfe Euler steps of sampling
 * @param samples source draws averaged per spot
 */
public record SpatialConfig(String genes, int neighbours, int attention, double ridgeAlpha, int knn, NetworkSpec network,
    OptimSpec optim, int nfe, int samples) {

  /**
   * Checks the counts (neighbours, knn, nfe, samples &gt;= 1; attention &gt;= 0), ridgeAlpha &gt;
   * 0, and that network and optim are given.
   */
  public SpatialConfig {
    ConfigChecks.atLeast("{neighbours}", neighbours, 1);
    ConfigChecks.atLeast("{attention}", attention, 0);
    ConfigChecks.atLeast("{knn}", knn, 1);
    ConfigChecks.atLeast("{nfe}", nfe, 1);
    ConfigChecks.atLeast("{samples}", samples, 1);
    ConfigChecks.positive("{ridge-alpha}", ridgeAlpha);
    if (network == null || optim == null) {
      throw new IllegalArgumentException("spatial: network and optimiser settings must be given");
    }
  }
}
