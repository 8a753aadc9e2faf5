package org.flowmatch4j.tasks.perturbation;

import org.flowmatch4j.tensor.Matrix;

/**
 * Predicted cells of a held-out group: {@code samples} cells per control cell, sample-major (rows
 * {@code s n .. (s + 1) n - 1} are sample s of the n control cells, in order).
 *
 * @param z the predicted cells in the embedding
 * @param genes the predicted cells decoded to genes
 * @param source for each row, the index (into the data) of the control cell it came from
 * @param sample for each row, its sample number
 * @param controls the number n of control cells
 */
public record Prediction(Matrix z, Matrix genes, int[] source, int[] sample, int controls) {
  /** The rows of sample s (n of them). */
  public int[] rowsOfSample(int s) {
    int[] r = new int[controls];
    for (int i = 0; i < controls; i++) {
      r[i] = s * controls + i;
    }
    return r;
  }
}
