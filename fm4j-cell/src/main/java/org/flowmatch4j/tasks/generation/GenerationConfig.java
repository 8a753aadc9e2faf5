package org.flowmatch4j.tasks.generation;

import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.tasks.perturbation.PerturbationConfig;

/**
 * Settings of count generation.
 *
 * @param genes {@code hvg:N}, {@code all} or gene names ({@link GeneSelection})
 * @param holdout fraction of each label's cells held out for evaluation, in (0, 1)
 * @param splitSeed seed of the held-out split (the same for every source and model seed)
 * @param poolSize source draws per label that training pairs with the label's cells
 * @param pcaComponents principal components of the evaluation space
 * @param flow the conditional flow (path, coupling, network, optimiser, solver); its condition is
 *     the one-hot label, its condition dropout should be 0 (no guidance)
 */
public record GenerationConfig(String genes, double holdout, long splitSeed, int poolSize, int pcaComponents,
    PerturbationConfig flow) {

  /** Checks holdout in (0, 1), poolSize &gt;= 1 and pcaComponents &gt;= 1. */
  public GenerationConfig {
    if (!(holdout > 0 && holdout < 1)) {
      throw new InvalidSettingException("{holdout} must be in (0, 1), got " + holdout);
    }
    if (poolSize < 1 || pcaComponents < 1) {
      throw new InvalidSettingException("need {source-pool} >= 1 and {pca} >= 1, got " + poolSize + " and " + pcaComponents);
    }
  }
}
