package org.flowmatch4j.fm.likelihood;

import java.util.SplittableRandom;
import org.flowmatch4j.fm.DifferentiableField;
import org.flowmatch4j.fm.solver.OdeSolution;
import org.flowmatch4j.fm.source.Density;
import org.flowmatch4j.tensor.Matrix;

/**
 * The exact log-likelihood of a flow, a continuous normalising flow {@code dx/dt = v(x, t)} that
 * carries a source density p0 at time t0 to the data at time t1:
 *
 * <pre>
 *   d/dt log p_t(x_t) = -div v(x_t, t)
 *   log p_t1(x) = log p0(x(t0)) - int_{t0}^{t1} div v(x(t), t) dt,   x(t1) = x
 * </pre>
 *
 * computed by integrating the augmented state {@code [x, l]} of {@link ChangeOfVariables} from t1
 * back to t0 with any ODE solver. With Hutchinson's estimator and K probes each point gets K
 * unbiased estimates; their mean is the estimate and their spread its standard error.
 *
 * <p>Randomness: the probes come from one {@link SplittableRandom} seeded with the estimator's
 * seed and are drawn batch after batch, so the same seed and batch size give the same result.
 */
public final class Likelihood {
  private Likelihood() {}

  /**
   * Log-likelihoods of the points {@code x} (n x d) under the flow {@code v} from the source
   * {@code p0}. Not modified: x.
   *
   * @throws IllegalArgumentException if x is empty, not d-dimensional or not finite
   * @throws IllegalStateException if the solver fails (non-finite state, step budget exhausted)
   */
  public static LikelihoodResult evaluate(DifferentiableField v, Density p0, Matrix x, LikelihoodConfig cfg) {
    int n = x.rows;
    int d = p0.dim();
    if (n == 0 || x.cols != d) {
      throw new IllegalArgumentException(
          "likelihood: points must be n x " + d + " with n >= 1 (the source's dimension), got " + x.rows + "x" + x.cols);
    }
    for (int k = 0; k < x.data.length; k++) {
      if (!Float.isFinite(x.data[k])) {
        throw new IllegalArgumentException(
            "likelihood: point " + (k / d + 1) + " has a non-finite coordinate " + x.data[k]);
      }
    }
    DivergenceEstimator div = cfg.divergence();
    SplittableRandom rng = new SplittableRandom(div.seed());
    double[] logp = new double[n];
    double[] se = new double[n];
    double[] logSource = new double[n];
    Matrix x0 = new Matrix(n, d);
    int nfe = 0;
    int batches = 0;
    for (int start = 0; start < n; start += cfg.batch()) {
      int m = Math.min(cfg.batch(), n - start);
      Matrix probes = div.isStochastic() ? probes(div, m, d, rng) : null;
      ChangeOfVariables cov = new ChangeOfVariables(v, m, d, probes);
      int k = cov.logColumns();
      int w = d + k;
      Matrix z = new Matrix(m, w);
      for (int i = 0; i < m; i++) {
        System.arraycopy(x.data, (start + i) * d, z.data, i * w, d);
      }
      OdeSolution sol = cfg.solver().integrate(cov, z, cfg.tData(), cfg.tSource());
      nfe += sol.nfe();
      batches++;
      Matrix zEnd = sol.x();
      Matrix xb = new Matrix(m, d);
      for (int i = 0; i < m; i++) {
        System.arraycopy(zEnd.data, i * w, xb.data, i * d, d);
      }
      System.arraycopy(xb.data, 0, x0.data, start * d, m * d);
      double[] lp0 = new double[m];
      p0.logDensity(xb, lp0);
      for (int i = 0; i < m; i++) {
        double sum = 0;
        for (int b = 0; b < k; b++) {
          sum += zEnd.data[i * w + d + b];
        }
        double mean = sum / k;
        double var = 0;
        for (int b = 0; b < k; b++) {
          double e = zEnd.data[i * w + d + b] - mean;
          var += e * e;
        }
        logSource[start + i] = lp0[i];
        logp[start + i] = lp0[i] + mean;
        se[start + i] = !div.isStochastic() ? 0 : k < 2 ? Double.NaN : Math.sqrt(var / (k - 1) / k);
      }
    }
    return new LikelihoodResult(logp, se, logSource, x0, d, nfe, batches);
  }

  /** K probe blocks for m points: ((K m) x d), block b row i is probe b of point i. */
  static Matrix probes(DivergenceEstimator div, int m, int d, SplittableRandom rng) {
    Matrix p = new Matrix(div.probes() * m, d);
    ProbeDistribution dist = div.probe();
    for (int k = 0; k < p.data.length; k++) {
      p.data[k] = dist.draw(rng);
    }
    return p;
  }
}
