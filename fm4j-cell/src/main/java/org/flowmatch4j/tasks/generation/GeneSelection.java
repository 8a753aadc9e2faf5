package org.flowmatch4j.tasks.generation;

import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.preprocess.HighlyVariableGenes;
import org.flowmatch4j.data.preprocess.Normalize;

/**
 * Which genes a count flow models: {@code hvg:N} (the N most highly variable genes of the training
 * cells, scanpy's seurat flavour on counts normalised to 10,000 per cell and log1p-transformed; ties
 * can add a few), {@code all}, or comma-separated gene names.
 */
public final class GeneSelection {
  private GeneSelection() {}

  /**
   * The selected genes' columns, in gene order for {@code hvg:N} and {@code all}, in the given
   * order for names.
   *
   * @param spec {@code hvg:N}, {@code all} or {@code NAME,NAME,...}
   * @param train the training cells' counts (X)
   */
  public static int[] select(String spec, AnnData train) {
    String s = spec.strip();
    if (s.equals("all")) {
      int[] all = new int[train.nVars()];
      for (int j = 0; j < all.length; j++) {
        all[j] = j;
      }
      return all;
    }
    if (s.startsWith("hvg:")) {
      int n;
      try {
        n = Integer.parseInt(s.substring(4));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--genes " + spec + ": expected hvg:N with an integer N");
      }
      if (n < 1 || n > train.nVars()) {
        throw new IllegalArgumentException("--genes " + spec + ": N must be in [1, " + train.nVars() + "]");
      }
      DataMatrix logNorm = Normalize.log1p(Normalize.normalizeTotal(train.requireX(), 1e4));
      return HighlyVariableGenes.seurat(logNorm, n, 20).selected();
    }
    String[] names = s.split(",");
    for (int k = 0; k < names.length; k++) {
      names[k] = names[k].strip();
    }
    try {
      return train.varIndices(names);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--genes: " + e.getMessage(), e);
    }
  }
}
