package org.flowmatch4j.fm.source;

import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.tensor.Parallel;

/**
 * Per-gene maximum-likelihood fit of NB or ZINB parameters to a count matrix with library-size
 * offsets: cell i with size factor s_i has, for gene g, mean {@code s_i mu_g}, and the fit
 * maximises {@code sum_i log ZINB(y_ig; s_i mu_g, theta_g, pi_g)} over
 * {@code (log mu_g, log theta_g, logit pi_g)} (the offset model of statsmodels' NB2 and ZINB
 * regressions on an intercept with {@code offset = log s_i}).
 *
 * <p>Newton's method on the analytic gradient, the Hessian taken as the symmetrised finite
 * difference of that gradient and shifted until negative definite, steps halved until the
 * likelihood rises. NB is fitted first from moment estimates; ZINB starts from the NB optimum
 * with pi at the excess zero fraction. Parameters are kept in {@code theta in [1e-4, 1e8]} and
 * {@code logit pi in [-30, 30]}, the edges standing for the limits (Poisson for large theta, no
 * inflation for the lower logit); where the ZINB search ends below the NB optimum, the NB (pi = 0)
 * is returned, the family containing it. A gene without any non-zero count gets {@code mu = 0}, theta =
 * 1, pi = 0, the point mass at zero. Cells with size factor 0 (no counts at all) must have zero
 * counts; their likelihood is 1 whatever the parameters, so they leave the fit unchanged and are
 * skipped.
 */
public final class ZinbFit {
  private static final double LOG_THETA_MIN = Math.log(1e-4);
  private static final double LOG_THETA_MAX = Math.log(1e8);
  private static final double LOGIT_MAX = 30;
  private static final int MAX_ITER = 200;

  private ZinbFit() {}

  /**
   * Fits every gene.
   *
   * @param counts n x G non-negative integer counts
   * @param sizeFactors s_i &ge; 0 per cell (length n), e.g. library size over its mean
   * @param model NB or ZINB
   */
  public static ZinbParameters fit(Matrix counts, double[] sizeFactors, CountModel model) {
    int n = counts.rows;
    int genes = counts.cols;
    if (sizeFactors.length != n) {
      throw new IllegalArgumentException("count fit: " + n + " cells and " + sizeFactors.length + " size factors");
    }
    for (int i = 0; i < n; i++) {
      if (!(sizeFactors[i] >= 0) || Double.isInfinite(sizeFactors[i])) {
        throw new IllegalArgumentException("count fit: size factor " + i + " is " + sizeFactors[i] + ", expected >= 0");
      }
    }
    double[] s = java.util.Arrays.stream(sizeFactors).filter(v -> v > 0).toArray();
    int used = s.length;
    double[] mu = new double[genes];
    double[] theta = new double[genes];
    double[] pi = new double[genes];
    int[] order = GeneLikelihood.sortedOrder(s);
    Parallel.run(genes, g -> {
      double[] y = new double[used];
      for (int i = 0, k = 0; i < n; i++) {
        float v = counts.data[i * genes + g];
        boolean empty = sizeFactors[i] == 0;
        if (!(v >= 0) || v != Math.rint(v) || (empty && v != 0)) {
          throw new IllegalArgumentException("count fit: count (" + i + ", " + g + ") is " + v + ", expected an integer >= 0"
              + (empty ? " and 0 in a cell of size factor 0" : ""));
        }
        if (!empty) {
          y[k++] = v;
        }
      }
      if (used == 0) {
        mu[g] = 0;
        theta[g] = 1;
        return;
      }
      double[] p = fitGene(new GeneLikelihood(y, s, order), model);
      mu[g] = p[0];
      theta[g] = p[1];
      pi[g] = p[2];
    });
    return new ZinbParameters(mu, theta, pi);
  }

  /** {mu, theta, pi} of one gene's counts y (length n) at size factors s. */
  public static double[] fitGene(double[] y, double[] s, CountModel model) {
    return fitGene(new GeneLikelihood(y, s), model);
  }

  private static double[] fitGene(GeneLikelihood lik, CountModel model) {
    if (lik.nonZero == 0) {
      return new double[] {0, 1, 0};
    }
    double[] start = lik.momentStart();
    double[] nb = newton(lik, new double[] {start[0], start[1]});
    if (model == CountModel.NB) {
      return new double[] {Math.exp(nb[0]), Math.exp(nb[1]), 0};
    }
    double excess = lik.zeroFraction() - lik.meanNbZero(nb[0], nb[1]);
    double pi0 = Math.min(0.9, Math.max(0.01, excess));
    double[] zi = newton(lik, new double[] {nb[0], nb[1], Math.log(pi0 / (1 - pi0))});
    if (lik.value(zi, null) < lik.value(nb, null)) {
      // the ZINB family contains the NB (pi = 0): keep it where the search ended lower
      return new double[] {Math.exp(nb[0]), Math.exp(nb[1]), 0};
    }
    return new double[] {Math.exp(zi[0]), Math.exp(zi[1]), 1 / (1 + Math.exp(-zi[2]))};
  }

  private static double[] newton(GeneLikelihood lik, double[] p) {
    int k = p.length;
    double[] g = new double[k];
    double[] gh = new double[k];
    double[][] h = new double[k][k];
    double f = lik.value(p, g);
    for (int iter = 0; iter < MAX_ITER; iter++) {
      double scale = 0;
      for (double v : g) {
        scale = Math.max(scale, Math.abs(v));
      }
      if (scale < 1e-9 * Math.max(1, lik.n)) {
        break;
      }
      for (int j = 0; j < k; j++) {
        double step = 1e-5 * Math.max(1, Math.abs(p[j]));
        double[] q = p.clone();
        q[j] += step;
        lik.value(q, gh);
        for (int r = 0; r < k; r++) {
          h[r][j] = (gh[r] - g[r]) / step;
        }
      }
      double[] dir = ascentDirection(h, g);
      double t = 1;
      double[] next = null;
      double fNext = f;
      for (int half = 0; half < 40; half++) {
        double[] q = clamp(add(p, dir, t));
        double fq = lik.value(q, null);
        if (fq >= f) {
          next = q;
          fNext = fq;
          break;
        }
        t /= 2;
      }
      if (next == null) {
        break;
      }
      boolean moved = false;
      for (int j = 0; j < k; j++) {
        moved |= Math.abs(next[j] - p[j]) > 1e-12 * Math.max(1, Math.abs(p[j]));
      }
      p = next;
      double before = f;
      f = lik.value(p, g);
      if (!moved || Math.abs(f - before) <= 1e-14 * Math.abs(f)) {
        break;
      }
    }
    return p;
  }

  /** Solves {@code (H - lambda I) d = -g} for the smallest lambda &ge; 0 (0, 1e-6, ...) that makes it an ascent direction. */
  private static double[] ascentDirection(double[][] h, double[] g) {
    int k = g.length;
    double[][] sym = new double[k][k];
    for (int r = 0; r < k; r++) {
      for (int c = 0; c < k; c++) {
        sym[r][c] = 0.5 * (h[r][c] + h[c][r]);
      }
    }
    double diag = 0;
    for (int r = 0; r < k; r++) {
      diag = Math.max(diag, Math.abs(sym[r][r]));
    }
    for (double lambda = 0; ; lambda = lambda == 0 ? 1e-6 * Math.max(1, diag) : lambda * 10) {
      double[][] a = new double[k][k];
      for (int r = 0; r < k; r++) {
        for (int c = 0; c < k; c++) {
          a[r][c] = -sym[r][c] + (r == c ? lambda : 0);
        }
      }
      double[] d = choleskySolve(a, g);
      if (d != null) {
        return d;
      }
      if (lambda > 1e12 * Math.max(1, diag)) {
        return g.clone();
      }
    }
  }

  /** Solves A d = b for symmetric positive definite A, or null when A is not. */
  private static double[] choleskySolve(double[][] a, double[] b) {
    int k = b.length;
    double[][] l = new double[k][k];
    for (int r = 0; r < k; r++) {
      for (int c = 0; c <= r; c++) {
        double v = a[r][c];
        for (int q = 0; q < c; q++) {
          v -= l[r][q] * l[c][q];
        }
        if (r == c) {
          if (!(v > 0)) {
            return null;
          }
          l[r][r] = Math.sqrt(v);
        } else {
          l[r][c] = v / l[c][c];
        }
      }
    }
    double[] z = new double[k];
    for (int r = 0; r < k; r++) {
      double v = b[r];
      for (int q = 0; q < r; q++) {
        v -= l[r][q] * z[q];
      }
      z[r] = v / l[r][r];
    }
    double[] d = new double[k];
    for (int r = k - 1; r >= 0; r--) {
      double v = z[r];
      for (int q = r + 1; q < k; q++) {
        v -= l[q][r] * d[q];
      }
      d[r] = v / l[r][r];
    }
    return d;
  }

  private static double[] add(double[] p, double[] d, double t) {
    double[] q = new double[p.length];
    for (int j = 0; j < p.length; j++) {
      q[j] = p[j] + t * d[j];
    }
    return q;
  }

  private static double[] clamp(double[] p) {
    p[1] = Math.min(LOG_THETA_MAX, Math.max(LOG_THETA_MIN, p[1]));
    if (p.length == 3) {
      p[2] = Math.min(LOGIT_MAX, Math.max(-LOGIT_MAX, p[2]));
    }
    return p;
  }
}
