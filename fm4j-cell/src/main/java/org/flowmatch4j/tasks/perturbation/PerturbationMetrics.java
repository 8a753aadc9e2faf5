package org.flowmatch4j.tasks.perturbation;

import java.util.EnumMap;
import java.util.Map;
import org.flowmatch4j.metrics.Mmd;
import org.flowmatch4j.metrics.Pearson;
import org.flowmatch4j.metrics.R2;
import org.flowmatch4j.metrics.SinkhornDivergences;
import org.flowmatch4j.ot.Points;
import org.flowmatch4j.ot.Sinkhorn;
import org.flowmatch4j.ot.SinkhornConfig;
import org.flowmatch4j.ot.SinkhornResult;
import org.flowmatch4j.tensor.Matrix;

/**
 * Scores predicted populations against one real population in one space: every {@link Metric},
 * with the real control cells of the same context as the reference of the mean shifts.
 *
 * <p>The values are those of the metrics package ({@link R2#scgen}, {@link R2#sklearn},
 * {@link Pearson#of}, {@link org.flowmatch4j.metrics.EnergyDistance#eDistance} and {@code energy},
 * {@link Mmd#cellflow}, {@link org.flowmatch4j.metrics.SinkhornDivergences#at}); the distribution
 * metrics are computed here from squared-distance matrices shared between them
 * ({@link SquaredDistances}), and the terms of the real cells against themselves (their distances,
 * kernel means and self-transport values) are computed once and reused for every prediction. The
 * tests check the values against the metrics package.
 */
public final class PerturbationMetrics {
  private static final double[] SINKHORN_EPS = SinkhornDivergences.CELLFLOW_EPSILONS;
  private static final Metric[] SINKHORN = {Metric.SINKHORN_1, Metric.SINKHORN_10, Metric.SINKHORN_100};

  private final int d;
  private final int m;
  private final double[] real;
  private final double[] meanReal;
  private final double[] meanControl;
  private final double realSqrtMean;
  private final double[] realKernelMeans;
  private final double[] realSelfOt;
  private final double[] realZeroFraction;
  private final Sinkhorn solver = new Sinkhorn();

  /**
   * Scores without the expression metrics ({@link Metric#expression}).
   *
   * @param real real perturbed cells (m x d)
   * @param control real control cells of the context (c x d)
   */
  public PerturbationMetrics(Matrix real, Matrix control) {
    this(real, control, false);
  }

  /**
   * @param real real perturbed cells (m x d)
   * @param control real control cells of the context (c x d)
   * @param expression whether the columns are expression values, which adds the metrics of
   *     {@link Metric#expression} (negative fraction, zero-fraction error)
   */
  public PerturbationMetrics(Matrix real, Matrix control, boolean expression) {
    if (control.cols != real.cols || real.rows < 1 || control.rows < 1) {
      throw new IllegalArgumentException("scoring needs real and control cells with the same columns, got "
          + real.rows + "x" + real.cols + " and " + control.rows + "x" + control.cols);
    }
    this.d = real.cols;
    this.m = real.rows;
    this.real = Points.toDouble(real, "real cells");
    this.meanReal = means(real);
    this.meanControl = means(control);
    double[] drr = SquaredDistances.between(this.real, m, this.real, m, d);
    realSqrtMean = sqrtMean(drr);
    realKernelMeans = kernelMeans(drr);
    realSelfOt = new double[SINKHORN_EPS.length];
    double[] b = uniform(m);
    for (int e = 0; e < SINKHORN_EPS.length; e++) {
      realSelfOt[e] = solver.solveSymmetric(b, drr, m, config(SINKHORN_EPS[e])).regularizedCost();
    }
    realZeroFraction = expression ? zeroFractions(real) : null;
  }

  /** The columns scored. */
  public int dim() {
    return d;
  }

  /** Every metric of {@code predicted} (n x d) against the real cells. */
  public Map<Metric, Double> score(Matrix predicted) {
    if (predicted.cols != d || predicted.rows < 1) {
      throw new IllegalArgumentException("scoring: predicted cells are " + predicted.rows + "x" + predicted.cols
          + ", expected at least one row of " + d + " columns");
    }
    int n = predicted.rows;
    double[] mp = means(predicted);
    double[] dp = new double[d];
    double[] dr = new double[d];
    double e = 0;
    for (int j = 0; j < d; j++) {
      dp[j] = mp[j] - meanControl[j];
      dr[j] = meanReal[j] - meanControl[j];
      double t = mp[j] - meanReal[j];
      e += t * t;
    }
    double[] p = Points.toDouble(predicted, "predicted cells");
    double[] dpr = SquaredDistances.between(p, n, real, m, d);
    double[] dpp = SquaredDistances.between(p, n, p, n, d);
    double[] kpr = kernelMeans(dpr);
    double[] kpp = kernelMeans(dpp);
    double mmd = 0;
    for (int g = 0; g < kpr.length; g++) {
      mmd += kpp[g] + realKernelMeans[g] - 2 * kpr[g];
    }
    mmd /= kpr.length;
    Map<Metric, Double> out = new EnumMap<>(Metric.class);
    out.put(Metric.R2, R2.scgen(mp, meanReal));
    out.put(Metric.R2_SKLEARN, R2.sklearn(meanReal, mp));
    out.put(Metric.PEARSON_DELTA, Pearson.of(dp, dr));
    out.put(Metric.E_DISTANCE, 2 * e);
    out.put(Metric.ENERGY, 2 * sqrtMean(dpr) - sqrtMean(dpp) - realSqrtMean);
    out.put(Metric.MMD, mmd);
    double[] a = uniform(n);
    double[] b = uniform(m);
    for (int k = 0; k < SINKHORN_EPS.length; k++) {
      SinkhornConfig cfg = config(SINKHORN_EPS[k]);
      SinkhornResult xy = solver.solve(a, b, dpr, n, m, cfg);
      double vxy = xy.regularizedCost();
      double vxx = solver.solveSymmetric(a, dpp, n, cfg).regularizedCost();
      out.put(SINKHORN[k], vxy - 0.5 * (vxx + realSelfOt[k]));
    }
    if (realZeroFraction != null) {
      out.put(Metric.NEGATIVE_FRACTION, negativeFraction(predicted));
      double[] zp = zeroFractions(predicted);
      double err = 0;
      for (int j = 0; j < d; j++) {
        err += Math.abs(zp[j] - realZeroFraction[j]);
      }
      out.put(Metric.ZERO_FRACTION_ERROR, err / d);
    }
    return out;
  }

  /** The fraction of entries of x below zero. */
  static double negativeFraction(Matrix x) {
    long neg = 0;
    for (float v : x.data) {
      if (v < 0) {
        neg++;
      }
    }
    return (double) neg / x.data.length;
  }

  /** Per column, the fraction of rows that are exactly zero. */
  static double[] zeroFractions(Matrix x) {
    double[] f = new double[x.cols];
    for (int i = 0; i < x.rows; i++) {
      for (int j = 0; j < x.cols; j++) {
        if (x.data[i * x.cols + j] == 0) {
          f[j]++;
        }
      }
    }
    for (int j = 0; j < x.cols; j++) {
      f[j] /= x.rows;
    }
    return f;
  }

  /** CellFlow's Sinkhorn settings (see {@link org.flowmatch4j.ot.SinkhornDivergence#cellflow}). */
  private static SinkhornConfig config(double eps) {
    return SinkhornConfig.balanced(eps).withStopping(1e-6, 100_000);
  }

  private static double[] uniform(int k) {
    double[] w = new double[k];
    java.util.Arrays.fill(w, 1.0 / k);
    return w;
  }

  private static double sqrtMean(double[] sq) {
    double s = 0;
    for (double v : sq) {
      s += Math.sqrt(v);
    }
    return s / sq.length;
  }

  private static double[] kernelMeans(double[] sq) {
    double[] g = Mmd.CELLFLOW_GAMMAS;
    double[] out = new double[g.length];
    for (int k = 0; k < g.length; k++) {
      double s = 0;
      double ng = -g[k];
      for (double v : sq) {
        s += Math.exp(ng * v);
      }
      out[k] = s / sq.length;
    }
    return out;
  }

  /** Column means in double. */
  static double[] means(Matrix x) {
    if (x.rows == 0) {
      throw new IllegalArgumentException("no cells to average");
    }
    double[] mu = new double[x.cols];
    for (int i = 0; i < x.rows; i++) {
      for (int j = 0; j < x.cols; j++) {
        mu[j] += x.data[i * x.cols + j];
      }
    }
    for (int j = 0; j < x.cols; j++) {
      mu[j] /= x.rows;
    }
    return mu;
  }
}
