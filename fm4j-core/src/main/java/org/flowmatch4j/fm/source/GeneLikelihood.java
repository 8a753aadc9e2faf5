package org.flowmatch4j.fm.source;

/**
 * The log-likelihood of one gene's counts y_i at size factors s_i as a function of
 * {@code p = (log mu, log theta)} (NB) or {@code (log mu, log theta, logit pi)} (ZINB), with its
 * gradient. With {@code m_i = s_i mu}:
 *
 * <pre>
 *   d log NB / d log mu    = theta (y - m) / (theta + m)
 *   d log NB / d log theta = theta (psi(y + theta) - psi(theta) + log(theta / (theta + m)) + (m - y) / (theta + m))
 *   y = 0:  L = log(pi + (1 - pi) p0), p0 = NB(0); dL/dq = w d log p0 / dq with w = (1 - pi) p0 / e^L,
 *           dL / d logit pi = pi (1 - pi) (1 - p0) / e^L
 *   y &gt; 0:  L = log(1 - pi) + log NB(y),  dL / d logit pi = -pi
 * </pre>
 */
final class GeneLikelihood {
  final int n;
  final int nonZero;
  /** Non-zero counts and their size factors. */
  private final double[] y;
  private final double[] s;
  /** The distinct size factors of the zero counts and how many zeros have each. */
  private final double[] s0;
  private final double[] w0;

  /** Counts y_i at size factors s_i (the order is free). */
  GeneLikelihood(double[] y, double[] s) {
    this(y, s, sortedOrder(s));
  }

  /**
   * As {@link #GeneLikelihood(double[], double[])}, with {@code order} the cells sorted by size
   * factor: the zeros of equal size factor share one likelihood term, weighted by their number.
   */
  GeneLikelihood(double[] y, double[] s, int[] order) {
    this.n = y.length;
    int nz = 0;
    for (double v : y) {
      if (v > 0) {
        nz++;
      }
    }
    this.nonZero = nz;
    this.y = new double[nz];
    this.s = new double[nz];
    double[] zs = new double[n - nz];
    double[] zw = new double[n - nz];
    int k = 0;
    int groups = 0;
    for (int i : order) {
      if (y[i] > 0) {
        this.y[k] = y[i];
        this.s[k++] = s[i];
      } else if (groups > 0 && zs[groups - 1] == s[i]) {
        zw[groups - 1]++;
      } else {
        zs[groups] = s[i];
        zw[groups++] = 1;
      }
    }
    this.s0 = java.util.Arrays.copyOf(zs, groups);
    this.w0 = java.util.Arrays.copyOf(zw, groups);
  }

  /** Indices of s in ascending order. */
  static int[] sortedOrder(double[] s) {
    return java.util.stream.IntStream.range(0, s.length).boxed()
        .sorted(java.util.Comparator.comparingDouble(i -> s[i])).mapToInt(Integer::intValue).toArray();
  }

  double zeroFraction() {
    return (n - nonZero) / (double) n;
  }

  /** Start values {log mu, log theta} from the moments of y / s (zeros included). */
  double[] momentStart() {
    double mean = 0;
    double sq = 0;
    for (int i = 0; i < nonZero; i++) {
      double v = y[i] / s[i];
      mean += v;
      sq += v * v;
    }
    mean /= n;
    double var = sq / n - mean * mean;
    double theta = var > mean * 1.01 ? mean * mean / (var - mean) : 100;
    return new double[] {Math.log(mean), Math.log(Math.min(1e6, Math.max(1e-3, theta)))};
  }

  /** Mean over cells of NB(0; s_i mu, theta). */
  double meanNbZero(double logMu, double logTheta) {
    double mu = Math.exp(logMu);
    double theta = Math.exp(logTheta);
    double sum = 0;
    for (int i = 0; i < nonZero; i++) {
      sum += Math.exp(theta * (logTheta - Math.log(theta + s[i] * mu)));
    }
    for (int q = 0; q < s0.length; q++) {
      sum += w0[q] * Math.exp(theta * (logTheta - Math.log(theta + s0[q] * mu)));
    }
    return sum / n;
  }

  /** The log-likelihood at p; writes its gradient into {@code grad} unless null. */
  double value(double[] p, double[] grad) {
    double mu = Math.exp(p[0]);
    double logTheta = p[1];
    double theta = Math.exp(logTheta);
    boolean zi = p.length == 3;
    double pi = zi ? 1 / (1 + Math.exp(-p[2])) : 0;
    double logPi = zi ? -softplus(-p[2]) : Double.NEGATIVE_INFINITY;
    double log1mPi = zi ? -softplus(p[2]) : 0;
    double lgTheta = GammaFunctions.logGamma(theta);
    double psiTheta = grad == null ? 0 : GammaFunctions.digamma(theta);
    double f = 0;
    double ga = 0;
    double gb = 0;
    double gc = 0;
    for (int q = 0; q < s0.length; q++) {
      double w = w0[q];
      double m = s0[q] * mu;
      double logRatio = logTheta - Math.log(theta + m);
      double dA = -theta * m / (theta + m);
      double l0 = theta * logRatio;
      double dB0 = theta * (logRatio + m / (theta + m));
      if (!zi) {
        f += w * l0;
        ga += w * dA;
        gb += w * dB0;
      } else {
        double b = log1mPi + l0;
        double hi = Math.max(logPi, b);
        double li = hi + Math.log1p(Math.exp(Math.min(logPi, b) - hi));
        f += w * li;
        if (grad != null) {
          double r = Math.exp(b - li);
          ga += w * r * dA;
          gb += w * r * dB0;
          gc += w * pi * (1 - pi) * (1 - Math.exp(l0)) / Math.exp(li);
        }
      }
    }
    for (int i = 0; i < nonZero; i++) {
      double m = s[i] * mu;
      double logTotal = Math.log(theta + m);
      double logRatio = logTheta - logTotal;
      double yi = y[i];
      f += log1mPi + GammaFunctions.logGamma(yi + theta) - lgTheta - GammaFunctions.logGamma(yi + 1)
          + theta * logRatio + yi * (p[0] + Math.log(s[i]) - logTotal);
      if (grad != null) {
        ga += theta * (yi - m) / (theta + m);
        gb += theta * (GammaFunctions.digamma(yi + theta) - psiTheta + logRatio + (m - yi) / (theta + m));
        gc -= pi;
      }
    }
    if (grad != null) {
      grad[0] = ga;
      grad[1] = gb;
      if (zi) {
        grad[2] = gc;
      }
    }
    return f;
  }

  private static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }
}
