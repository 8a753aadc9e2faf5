package org.flowmatch4j.metrics;

import org.flowmatch4j.tensor.Exp;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;

/**
 * Maximum mean discrepancy with the RBF kernel k(x, y) = exp(-gamma ||x - y||^2), as CellFlow
 * ({@code cellflow.metrics.compute_scalar_mmd}) and the CellOT / scGen line of work report it:
 * the biased (V-statistic) estimate
 *
 * <pre>
 *   MMD^2_gamma(X, Y) = mean_{i,i'} k(x_i, x_i') + mean_{j,j'} k(y_j, y_j') - 2 mean_{i,j} k(x_i, y_j),
 * </pre>
 *
 * diagonal terms included (sklearn's {@code rbf_kernel(...).mean()}), averaged over gamma in
 * {@link #CELLFLOW_GAMMAS} = {2, 1, 0.5, 0.1, 0.01, 0.005}. The value is the squared MMD (no
 * square root), as in CellFlow. Squared distances are computed as sums of squared differences in
 * double precision.
 */
public final class Mmd {
  /** The bandwidths CellFlow averages over. */
  public static final double[] CELLFLOW_GAMMAS = {2, 1, 0.5, 0.1, 0.01, 0.005};

  /** Whether the loops run on the Vector API ({@link VectorMmd}); scalar loops otherwise. */
  private static final boolean VECTOR = Kernels.vectorAvailable();

  private Mmd() {}

  /** MMD^2 at one bandwidth gamma > 0. */
  public static double rbf(Matrix x, Matrix y, double gamma) {
    return averaged(x, y, new double[] {gamma});
  }

  /** MMD^2 averaged over {@link #CELLFLOW_GAMMAS} (CellFlow's scalar MMD). */
  public static double cellflow(Matrix x, Matrix y) {
    return averaged(x, y, CELLFLOW_GAMMAS);
  }

  /** MMD^2 averaged over the given bandwidths (each > 0). */
  public static double averaged(Matrix x, Matrix y, double[] gammas) {
    Stats.sameColumns(x, y);
    Stats.nonEmpty(x, "x");
    Stats.nonEmpty(y, "y");
    if (gammas.length == 0) {
      throw new IllegalArgumentException("no bandwidths given");
    }
    for (double g : gammas) {
      if (!(g > 0) || Double.isInfinite(g)) {
        throw new IllegalArgumentException("RBF bandwidth gamma must be positive, got " + g);
      }
    }
    double[] xd = Stats.toDouble(x, "x");
    double[] yd = Stats.toDouble(y, "y");
    double[] kxx = meanKernels(xd, x.rows, xd, x.rows, x.cols, gammas);
    double[] kyy = meanKernels(yd, y.rows, yd, y.rows, y.cols, gammas);
    double[] kxy = meanKernels(xd, x.rows, yd, y.rows, x.cols, gammas);
    double s = 0;
    for (int g = 0; g < gammas.length; g++) {
      s += kxx[g] + kyy[g] - 2 * kxy[g];
    }
    return s / gammas.length;
  }

  /**
   * For each gamma: the mean of exp(-gamma ||p_i - q_j||^2) over all pairs (i, j), the terms of
   * {@link #averaged}; for clouds too large for one machine summed block by block (times the
   * block sizes).
   */
  public static double[] meanKernels(Matrix p, Matrix q, double[] gammas) {
    Stats.sameColumns(p, q);
    Stats.nonEmpty(p, "p");
    Stats.nonEmpty(q, "q");
    return meanKernels(Stats.toDouble(p, "p"), p.rows, Stats.toDouble(q, "q"), q.rows, p.cols, gammas);
  }

  /** For each gamma: mean over all pairs (i, j) of exp(-gamma ||p_i - q_j||^2). */
  private static double[] meanKernels(
      double[] p, int np, double[] q, int nq, int d, double[] gammas) {
    double[] sq = new double[nq];
    double[] qt = new double[nq * d];
    for (int j = 0; j < nq; j++) {
      for (int k = 0; k < d; k++) {
        qt[k * nq + j] = q[j * d + k];
      }
    }
    double[] sums = new double[gammas.length];
    for (int i = 0; i < np; i++) {
      java.util.Arrays.fill(sq, 0);
      for (int k = 0; k < d; k++) {
        double pik = p[i * d + k];
        int off = k * nq;
        int j = VECTOR ? VectorMmd.addSquaredDifferences(pik, qt, off, sq, nq) : 0;
        for (; j < nq; j++) {
          double t = pik - qt[off + j];
          sq[j] += t * t;
        }
      }
      for (int g = 0; g < gammas.length; g++) {
        double ng = -gammas[g];
        int j = VECTOR ? VectorMmd.end(nq) : 0;
        double s = VECTOR ? VectorMmd.sumExp(sq, ng, j) : 0;
        for (; j < nq; j++) {
          s += Exp.exp(ng * sq[j]);
        }
        sums[g] += s;
      }
    }
    double pairs = (double) np * nq;
    for (int g = 0; g < gammas.length; g++) {
      sums[g] /= pairs;
    }
    return sums;
  }
}
