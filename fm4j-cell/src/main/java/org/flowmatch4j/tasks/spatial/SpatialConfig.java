package org.flowmatch4j.tasks.spatial;

import org.flowmatch4j.train.ConfigChecks;

/**
 * Settings of the spatial task.
 *
 * @param genes {@code hvg:N}, {@code all} or gene names, chosen on the training sections
 * @param neighbours k of the neighbourhood features (nearest spots of the same section)
 * @param attention k of the neighbours' current states the flow attends to (0: none)
 * @param ridgeAlpha ridge penalty on z-scored features
 * @param knn k of the k-nearest-neighbour baseline (in feature space)
 * @param steps training steps of each flow
 * @param batch spots per step
 * @param width hidden units
 * @param depth hidden layers
 * @param lr AdamW learning rate
 * @param emaDecay decay of the weight average used for prediction
 * @param nfe Euler steps of sampling
 * @param samples source draws averaged per spot
 */
public record SpatialConfig(String genes, int neighbours, int attention, double ridgeAlpha, int knn, int steps, int batch, int width,
    int depth, double lr, double emaDecay, int nfe, int samples) {

  public SpatialConfig {
    ConfigChecks.atLeast("{neighbours}", neighbours, 1);
    ConfigChecks.atLeast("{attention}", attention, 0);
    ConfigChecks.atLeast("{knn}", knn, 1);
    ConfigChecks.atLeast("{steps}", steps, 1);
    ConfigChecks.atLeast("{batch}", batch, 1);
    ConfigChecks.atLeast("{width}", width, 1);
    ConfigChecks.atLeast("{depth}", depth, 1);
    ConfigChecks.atLeast("{nfe}", nfe, 1);
    ConfigChecks.atLeast("{samples}", samples, 1);
    ConfigChecks.positive("{lr}", lr);
    ConfigChecks.positive("{ridge-alpha}", ridgeAlpha);
  }
}
