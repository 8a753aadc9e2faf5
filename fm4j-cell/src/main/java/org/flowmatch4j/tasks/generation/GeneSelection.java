package org.flowmatch4j.tasks.generation;

import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.preprocess.HighlyVariableGenes;
import org.flowmatch4j.data.preprocess.Normalize;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.tensor.Matrix;

/**
 * Which genes a count flow models: {@code hvg:N} (the N most highly variable genes of the training
 * cells, scanpy's seurat flavour on counts normalised to 10,000 per cell and log1p-transformed; ties
 * can add a few), {@code var:N} (the N genes of largest variance of log1p(counts) over the training
 * cells, ties by gene order), {@code all}, or comma-separated gene names.
 */
public final class GeneSelection {
  private GeneSelection() {}

  /**
   * The selected genes' columns, in gene order for {@code hvg:N} and {@code all}, in the given
   * order for names.
   *
   * @param spec {@code hvg:N}, {@code var:N}, {@code all} or {@code NAME,NAME,...}
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
    if (s.startsWith("hvg:") || s.startsWith("var:")) {
      int n;
      try {
        n = Integer.parseInt(s.substring(4));
      } catch (NumberFormatException e) {
        throw new InvalidSettingException("{genes} " + spec + ": expected " + s.substring(0, 3) + ":N with an integer N");
      }
      if (n < 1 || n > train.nVars()) {
        throw new InvalidSettingException("{genes} " + spec + ": N must be in [1, " + train.nVars() + "]");
      }
      if (s.startsWith("var:")) {
        return topVariance(train.requireX().toDense(), n);
      }
      DataMatrix logNorm = Normalize.log1p(Normalize.normalizeTotal(train.requireX(), 1e4));
      return HighlyVariableGenes.seurat(logNorm, n, 20).top(n);
    }
    String[] names = s.split(",");
    for (int k = 0; k < names.length; k++) {
      names[k] = names[k].strip();
    }
    try {
      return train.varIndices(names);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("{genes}: " + e.getMessage(), e);
    }
  }

  /** The n columns of largest variance of log1p(counts) (ties by column order), in column order. */
  static int[] topVariance(Matrix counts, int n) {
    int g = counts.cols;
    double[] mean = new double[g];
    double[] sq = new double[g];
    for (int i = 0; i < counts.rows; i++) {
      for (int j = 0; j < g; j++) {
        double v = Math.log1p(counts.data[i * g + j]);
        mean[j] += v;
        sq[j] += v * v;
      }
    }
    Integer[] order = new Integer[g];
    double[] var = new double[g];
    for (int j = 0; j < g; j++) {
      double m = mean[j] / counts.rows;
      var[j] = sq[j] / counts.rows - m * m;
      order[j] = j;
    }
    java.util.Arrays.sort(order, (a, b) -> var[a] != var[b] ? Double.compare(var[b], var[a]) : Integer.compare(a, b));
    int[] out = new int[n];
    for (int k = 0; k < n; k++) {
      out[k] = order[k];
    }
    java.util.Arrays.sort(out);
    return out;
  }
}
