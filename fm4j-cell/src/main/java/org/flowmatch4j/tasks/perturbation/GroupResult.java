package org.flowmatch4j.tasks.perturbation;

import java.util.List;
import java.util.Map;
import org.flowmatch4j.tensor.Matrix;

/**
 * The evaluation of one held-out group.
 *
 * @param group the held-out cells (context, condition, dose)
 * @param controls the control cells of its context that the predictions start from
 * @param deg the top differentially expressed genes (indices), highest z-score first
 * @param degScores their Wilcoxon z-scores
 * @param baselines the scores of each available baseline
 * @param baselineNotes how each baseline was made, or why it is unavailable
 * @param ceiling two random halves of the real perturbed cells scored against each other
 * @param noiseBound the R^2 an exact mean would score against the real perturbed cells ({@link
 *     R2NoiseBound}); null with fewer than 2 of them or fewer than 2 DEGs
 * @param model the model's scores, one per seed (first sample of each control cell)
 * @param r2Samples scGen R^2 over all genes of each sample, per seed ({@code [seed][sample]})
 * @param prediction the first seed's predicted cells (every sample)
 * @param realZ the real perturbed cells in the embedding
 * @param controlZ the real control cells in the embedding
 * @param realMean the real perturbed cells' mean per gene
 * @param controlMean the control cells' mean per gene
 */
public record GroupResult(
    Group group,
    int[] controls,
    int[] deg,
    double[] degScores,
    Map<Baseline, Scores> baselines,
    Map<Baseline, String> baselineNotes,
    Scores ceiling,
    R2NoiseBound noiseBound,
    List<Scores> model,
    double[][] r2Samples,
    Prediction prediction,
    Matrix realZ,
    Matrix controlZ,
    double[] realMean,
    double[] controlMean) {

  /** Mean over seeds of the model's value. */
  public double modelMean(Space space, Metric metric) {
    double s = 0;
    for (Scores sc : model) {
      s += sc.get(space, metric);
    }
    return s / model.size();
  }

  /** Sample standard deviation over seeds of the model's value (0 for one seed). */
  public double modelStd(Space space, Metric metric) {
    int n = model.size();
    if (n < 2) {
      return 0;
    }
    double m = modelMean(space, metric);
    double s = 0;
    for (Scores sc : model) {
      double t = sc.get(space, metric) - m;
      s += t * t;
    }
    return Math.sqrt(s / (n - 1));
  }

  /** The model's value for each seed. */
  public double[] modelSeeds(Space space, Metric metric) {
    double[] v = new double[model.size()];
    for (int s = 0; s < v.length; s++) {
      v[s] = model.get(s).get(space, metric);
    }
    return v;
  }
}
