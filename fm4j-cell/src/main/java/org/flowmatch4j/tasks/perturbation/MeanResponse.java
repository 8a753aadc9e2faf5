package org.flowmatch4j.tasks.perturbation;

import org.flowmatch4j.tensor.Matrix;

/**
 * Where the mean of the predicted cells of a held-out context comes from. The flow predicts every
 * cell, and with it an estimate of the context's mean shift, {@code s_flow = mean(z1) - mean(z0)};
 * the training contexts give another, the {@link ContextKernel}-weighted mean shift of the other
 * contexts, {@code s_near = sum_o w_o s_o} ({@link MeanShift#nearest}), which uses the held-out
 * context's control cells only through the weights. It applies where a held-out context is
 * predicted next to the training contexts ({@link PerturbationEvaluation}, {@code fm4j perturb});
 * {@link PerturbationFlow#predict} knows no other context and gives the flow's cells.
 */
public enum MeanResponse {
  /** The flow's cells as they are: the mean shift is {@code s_flow}. */
  FLOW,
  /**
   * The flow's cells moved together so that their mean shift is the average of the two estimates,
   * {@code (s_flow + s_near) / 2}: every predicted cell {@code z1_i + (s_near - s_flow) / 2}. The
   * spread of the cells about their mean stays the flow's.
   */
  ENSEMBLE;

  /**
   * The predicted cells {@code z1} (m x k, modified in place) from the control cells {@code z0}
   * (n x k) with their mean shift taken as this says, {@code near} being s_near (k entries).
   */
  public Matrix apply(Matrix z1, Matrix z0, double[] near) {
    if (this == FLOW) {
      return z1;
    }
    if (near.length != z1.cols || z0.cols != z1.cols) {
      throw new IllegalArgumentException("cells of " + z1.cols + " and " + z0.cols + " columns with a shift of "
          + near.length);
    }
    double[] flow = PerturbationMetrics.means(z1);
    double[] control = PerturbationMetrics.means(z0);
    for (int i = 0; i < z1.rows; i++) {
      for (int j = 0; j < z1.cols; j++) {
        z1.data[i * z1.cols + j] += (float) ((near[j] - (flow[j] - control[j])) / 2);
      }
    }
    return z1;
  }
}
