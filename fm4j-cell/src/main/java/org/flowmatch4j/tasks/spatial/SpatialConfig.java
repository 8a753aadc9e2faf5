package org.flowmatch4j.tasks.spatial;

import java.util.List;
import org.flowmatch4j.train.ConfigChecks;
import org.flowmatch4j.train.NetworkSpec;
import org.flowmatch4j.train.OptimSpec;

/**
 * Settings of the spatial task.
 *
 * @param genes {@code hvg:N}, {@code all} or gene names, chosen on the training sections
 * @param neighbours k of the neighbourhood features (nearest spots of the same section)
 * @param attention k of the neighbours' current states the flow attends to (0: none)
 * @param ridgeAlphas ridge penalties on z-scored features: one is used as given, among several the
 *     one of the best leave-one-section-out score on the training sections ({@link SectionCv})
 * @param knnK k of the k-nearest-neighbour baseline (in feature space), one or several to choose
 *     from as for ridgeAlphas
 * @param network hidden layers of each flow's network
 * @param optim AdamW's steps per flow, spots per step, rate, weight decay, clipping and the decay
 *     of the weight average used for prediction
 * @param nfe Euler steps of sampling
 * @param samples source draws averaged per spot
 * @param scaling how each section's features are scaled before every model ({@link FeatureScaling})
 * @param featurePcs principal components of the z-scored features the flow sees, 0 for the features
 *     themselves ({@link FlowFeatures})
 * @param stack which baseline's prediction of the spot the flow also sees, if any
 */
public record SpatialConfig(String genes, int neighbours, int attention, List<Double> ridgeAlphas, List<Integer> knnK,
    NetworkSpec network, OptimSpec optim, int nfe, int samples, FeatureScaling scaling, int featurePcs, Stacking stack) {
  /** The ridge penalties chosen among by default: {@code 10^(e / 2)}, e = -4 .. 8 (1e-2 .. 1e4). */
  public static final List<Double> RIDGE_GRID = java.util.stream.IntStream.rangeClosed(-4, 8)
      .mapToObj(e -> Math.pow(10, e / 2.0)).toList();
  /** The k of the kNN baseline chosen among by default. */
  public static final List<Integer> KNN_GRID = List.of(1, 2, 3, 5, 7, 10, 15, 20, 30, 50);

  /**
   * Checks the counts (neighbours, every knnK, nfe, samples &gt;= 1; attention, featurePcs &gt;= 0), every
   * ridge alpha &gt; 0, that both lists hold a value, and that network, optim, scaling and stack are given.
   */
  public SpatialConfig {
    ConfigChecks.atLeast("{neighbours}", neighbours, 1);
    ConfigChecks.atLeast("{attention}", attention, 0);
    ConfigChecks.atLeast("{knn}", knnK.size(), 1);
    ConfigChecks.allAtLeast("{knn}", knnK, 1);
    ConfigChecks.atLeast("{ridge-alpha}", ridgeAlphas.size(), 1);
    ridgeAlphas.forEach(a -> ConfigChecks.positive("{ridge-alpha}", a));
    ridgeAlphas = List.copyOf(ridgeAlphas);
    knnK = List.copyOf(knnK);
    ConfigChecks.atLeast("{nfe}", nfe, 1);
    ConfigChecks.atLeast("{samples}", samples, 1);
    ConfigChecks.atLeast("{feature-pcs}", featurePcs, 0);
    if (network == null || optim == null || scaling == null || stack == null) {
      throw new IllegalArgumentException("spatial: network, optimiser, feature scaling and stacking settings must be given");
    }
  }
}
