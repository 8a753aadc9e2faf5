package org.flowmatch4j.data.preprocess;

import org.flowmatch4j.data.Finite;

import java.util.Arrays;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.tensor.Matrix;

/**
 * Highly variable genes, scanpy's {@code flavor="seurat"} on log-normalised data (Satija et al.
 * 2015), step by step as {@code _highly_variable_genes_single_batch} does it:
 *
 * <ol>
 *   <li>undo the log: y = expm1(x);
 *   <li>per gene, mean m and variance v (ddof 1) of y; m = 1e-12 where m = 0;
 *   <li>dispersion d = ln(v / m) (NaN where v / m = 0); mean becomes ln(1 + m);
 *   <li>bin the means into {@code nBins} equal-width intervals (pandas {@code cut}: right-closed,
 *       the lowest edge lowered by 0.1% of the range);
 *   <li>normalised dispersion z = (d − mean_bin(d)) / std_bin(d) (std ddof 1, NaNs skipped);
 *       where a bin's std is undefined (a single gene) z = d / mean_bin(d), i.e. 1;
 *   <li>with n_top: the genes whose z (NaN as −∞) is ≥ the n_top-th largest non-NaN z (ties can
 *       select a few more); without: 0.0125 &lt; mean &lt; 3 and z &gt; 0.5 (NaN z as 0).
 * </ol>
 *
 * Ties in exact arithmetic are common (the two genes of a two-gene bin have z = ±1/√2), and
 * rounding of the per-gene sums would break them one way or the other depending on the order in
 * which cells were added. So a z within {@link #TIE} (relative) of the n_top-th largest counts as
 * tied with it and is selected: one pass over the file and a sum over any split of the cells into
 * blocks select the same genes.
 */
public final class HighlyVariableGenes {
  private HighlyVariableGenes() {}

  /** Relative distance below the n_top-th largest z within which a z counts as tied with it. */
  static final double TIE = 1e-9;

  /** Throws naming the first negative entry (row, column) of X. */
  private static void requireNonNegative(DataMatrix x) {
    Matrix dense = x instanceof DenseMatrix d ? d.values() : null;
    SparseMatrix s = dense == null ? (SparseMatrix) x : null;
    float[] v = dense != null ? dense.data : s.data;
    for (int k = 0; k < v.length; k++) {
      if (v[k] < 0) {
        int row;
        int col;
        if (dense != null) {
          row = k / dense.cols;
          col = k % dense.cols;
        } else {
          int major = 0;
          while (s.indptr[major + 1] <= k) {
            major++;
          }
          boolean csr = s.format == SparseMatrix.Format.CSR;
          row = csr ? major : s.indices[k];
          col = csr ? s.indices[k] : major;
        }
        throw new IllegalArgumentException("X has a negative value (" + v[k] + ") at row " + row + ", column " + col
            + ", as scaled data do; highly variable genes (seurat) need log-normalised counts, which are never negative");
      }
    }
  }

  /** Per-gene results, as scanpy writes them to {@code var}. */
  public record Result(double[] means, double[] dispersions, double[] dispersionsNorm, boolean[] highlyVariable) {
    /** Indices of the selected genes, in gene order. */
    public int[] selected() {
      return org.flowmatch4j.data.AnnData.where(highlyVariable);
    }

    /**
     * Exactly min(n, p) genes, those with the largest normalised dispersion (NaN last), in gene
     * order. Genes within {@link #TIE} of the n-th largest count as tied with it; where they are
     * more than the places left, the lower gene indices take them. {@link #highlyVariable} instead
     * keeps every tie, as scanpy's n_top rule does.
     */
    public int[] top(int n) {
      int p = dispersionsNorm.length;
      int k = Math.min(n, p);
      if (k < 1) {
        throw new IllegalArgumentException("number of genes must be ≥ 1, got " + n);
      }
      double[] z = new double[p];
      for (int j = 0; j < p; j++) {
        z[j] = Double.isNaN(dispersionsNorm[j]) ? Double.NEGATIVE_INFINITY : dispersionsNorm[j];
      }
      double[] sorted = z.clone();
      Arrays.sort(sorted);
      double cut = sorted[p - k];
      double tol = Double.isInfinite(cut) ? 0 : TIE * Math.max(1, Math.abs(cut));
      boolean[] pick = new boolean[p];
      int count = 0;
      for (int j = 0; j < p; j++) {
        if (z[j] > cut + tol) {
          pick[j] = true;
          count++;
        }
      }
      for (int j = 0; j < p && count < k; j++) {
        if (!pick[j] && z[j] >= cut - tol) {
          pick[j] = true;
          count++;
        }
      }
      return org.flowmatch4j.data.AnnData.where(pick);
    }
  }

  /**
   * The seurat flavour; {@code nTop} ≤ 0 means "use the default cutoffs". The data must be
   * log-normalised counts, so never negative: scaled (centred) data are refused, since
   * {@code expm1} of them is no count and the dispersions would mean nothing.
   */
  public static Result seurat(DataMatrix logX, int nTop, int nBins) {
    double[] sum = new double[logX.cols()];
    double[] sumSq = new double[logX.cols()];
    accumulate(logX, sum, sumSq);
    return fromSums(sum, sumSq, logX.rows(), nTop, nBins);
  }

  /**
   * Adds Σ_i y_ij and Σ_i y_ij² with y = expm1(x) to {@code sum[j]} and {@code sumSq[j]}: the
   * per-gene statistics of the seurat flavour, which add over any split of the cells into blocks.
   * Checks that X is finite and not negative.
   */
  public static void accumulate(DataMatrix logX, double[] sum, double[] sumSq) {
    Finite.require(logX, "X");
    requireNonNegative(logX);
    int n = logX.rows();
    int p = logX.cols();
    if (sum.length != p || sumSq.length != p) {
      throw new IllegalArgumentException("sums of length " + sum.length + " for " + p + " genes");
    }
    if (logX instanceof DenseMatrix d) {
      Matrix m = d.values();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < p; j++) {
          double y = Math.expm1(m.data[i * p + j]);
          sum[j] += y;
          sumSq[j] += y * y;
        }
      }
    } else {
      SparseMatrix s = ((SparseMatrix) logX).toCsr();
      for (int k = 0; k < s.data.length; k++) {
        double y = Math.expm1(s.data[k]);
        sum[s.indices[k]] += y;
        sumSq[s.indices[k]] += y * y;
      }
    }
  }

  /**
   * The seurat flavour from the per-gene sums of {@link #accumulate} over {@code n} cells
   * (steps 2 to 6 above); {@code nTop} ≤ 0 means "use the default cutoffs".
   */
  public static Result fromSums(double[] sum, double[] sumSq, long n, int nTop, int nBins) {
    if (nBins < 1) {
      throw new IllegalArgumentException("number of bins must be ≥ 1, got " + nBins);
    }
    if (n < 2) {
      throw new IllegalArgumentException("highly variable genes need at least 2 cells, got " + n);
    }
    int p = sum.length;
    double[] mean = new double[p];
    double[] disp = new double[p];
    for (int j = 0; j < p; j++) {
      double m = sum[j] / n;
      double var = (sumSq[j] / n - m * m) * n / (n - 1.0);
      if (m == 0) {
        m = 1e-12;
      }
      double dd = var / m;
      disp[j] = dd == 0 ? Double.NaN : Math.log(dd);
      mean[j] = Math.log1p(m);
    }
    // equal-width bins of the means, as pandas.cut(means, nBins)
    double lo = Arrays.stream(mean).min().orElse(0);
    double hi = Arrays.stream(mean).max().orElse(0);
    double[] edges = new double[nBins + 1];
    if (lo == hi) {
      double adj = lo != 0 ? 0.001 * Math.abs(lo) : 0.001;
      lo -= adj;
      hi += adj;
      for (int b = 0; b <= nBins; b++) {
        edges[b] = lo + (hi - lo) * b / nBins;
      }
    } else {
      double step = (hi - lo) / nBins; // numpy.linspace, as pandas uses
      for (int b = 0; b < nBins; b++) {
        edges[b] = b * step + lo;
      }
      edges[nBins] = hi;
      edges[0] -= (hi - lo) * 0.001;
    }
    int[] bin = new int[p];
    for (int j = 0; j < p; j++) {
      // right-closed intervals (edges[b], edges[b+1]]
      int b = Arrays.binarySearch(edges, mean[j]);
      if (b >= 0) {
        bin[j] = Math.max(b - 1, 0);
      } else {
        bin[j] = Math.min(Math.max(-b - 2, 0), nBins - 1);
      }
    }
    double[] binSum = new double[nBins];
    int[] binCount = new int[nBins];
    for (int j = 0; j < p; j++) {
      if (!Double.isNaN(disp[j])) {
        binSum[bin[j]] += disp[j];
        binCount[bin[j]]++;
      }
    }
    double[] avg = new double[nBins];
    double[] dev = new double[nBins];
    for (int b = 0; b < nBins; b++) {
      avg[b] = binCount[b] == 0 ? Double.NaN : binSum[b] / binCount[b];
    }
    double[] ss = new double[nBins];
    for (int j = 0; j < p; j++) {
      if (!Double.isNaN(disp[j])) {
        double r = disp[j] - avg[bin[j]];
        ss[bin[j]] += r * r;
      }
    }
    for (int b = 0; b < nBins; b++) {
      dev[b] = binCount[b] < 2 ? Double.NaN : Math.sqrt(ss[b] / (binCount[b] - 1));
      if (Double.isNaN(dev[b])) {
        dev[b] = avg[b];
        avg[b] = 0;
      }
    }
    double[] norm = new double[p];
    for (int j = 0; j < p; j++) {
      norm[j] = (disp[j] - avg[bin[j]]) / dev[bin[j]];
    }
    boolean[] hv = new boolean[p];
    if (nTop > 0) {
      double[] valid = Arrays.stream(norm).filter(v -> !Double.isNaN(v)).toArray();
      Arrays.sort(valid);
      int top = Math.min(nTop, valid.length);
      if (top == 0) {
        throw new IllegalArgumentException("no gene has a defined normalised dispersion");
      }
      double cut = valid[valid.length - top];
      cut -= TIE * Math.max(1, Math.abs(cut));
      for (int j = 0; j < p; j++) {
        hv[j] = !Double.isNaN(norm[j]) && norm[j] >= cut;
      }
    } else {
      for (int j = 0; j < p; j++) {
        double z = Double.isNaN(norm[j]) ? 0 : norm[j];
        hv[j] = mean[j] > 0.0125 && mean[j] < 3 && z > 0.5;
      }
    }
    return new Result(mean, disp, norm, hv);
  }
}
