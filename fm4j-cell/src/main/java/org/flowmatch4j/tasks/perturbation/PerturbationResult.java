package org.flowmatch4j.tasks.perturbation;

import java.util.List;

/**
 * Everything a held-out evaluation measured.
 *
 * @param groups one result per held-out group
 * @param seeds the seeds trained
 * @param trainSeconds wall-clock training seconds per seed
 * @param seedSeconds wall-clock seconds per seed: training, prediction and scoring
 * @param msPerStep training milliseconds per step per seed
 * @param finalLoss mean loss of the last 100 steps per seed
 * @param firstLosses the loss of every training step of the first seed
 * @param embedding how the embedding was made
 * @param embeddingKey the obsm key of the embedding ({@code X_pca} for a PCA)
 * @param encoder how conditions were encoded
 * @param tasks the number of training tasks ((context, condition) groups)
 * @param trainingCells the number of cells the embedding was fitted on
 * @param notes remarks (skipped groups, unavailable baselines)
 */
public record PerturbationResult(
    List<GroupResult> groups,
    long[] seeds,
    double[] trainSeconds,
    double[] seedSeconds,
    double[] msPerStep,
    double[] finalLoss,
    float[] firstLosses,
    String embedding,
    String embeddingKey,
    String encoder,
    int tasks,
    int trainingCells,
    List<String> notes) {}
