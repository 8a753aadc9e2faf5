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
  private final double[] y;
  private final double[] s;

  GeneLikelihood(double[] y, double[] s) {
    this.n = y.length;
    this.y = y;
    this.s = s;
    int nz = 0;
    for (double v : y) {
      if (v > 0) {
        nz++;
      }
    }
    this.nonZero = nz;
  }

  double zeroFraction() {
    return (n - nonZero) / (double) n;
  }

  /** Start values {log mu, log theta} from the moments of y / s. */
  double[] momentStart() {
    double mean = 0;
    double sq = 0;
    for (int i = 0; i < n; i++) {
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
    for (int i = 0; i < n; i++) {
      sum += Math.exp(theta * (logTheta - Math.log(theta + s[i] * mu)));
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
    for (int i = 0; i < n; i++) {
      double m = s[i] * mu;
      double logTotal = Math.log(theta + m);
      double logRatio = logTheta - logTotal;
      double yi = y[i];
      double dA = theta * (yi - m) / (theta + m);
      if (yi == 0) {
        double l0 = theta * logRatio;
        double dB0 = theta * (logRatio + m / (theta + m));
        if (!zi) {
          f += l0;
          ga += dA;
          gb += dB0;
        } else {
          double b = log1mPi + l0;
          double hi = Math.max(logPi, b);
          double li = hi + Math.log1p(Math.exp(Math.min(logPi, b) - hi));
          f += li;
          if (grad != null) {
            double w = Math.exp(b - li);
            ga += w * dA;
            gb += w * dB0;
            gc += pi * (1 - pi) * (1 - Math.exp(l0)) / Math.exp(li);
          }
        }
      } else {
        f += log1mPi + GammaFunctions.logGamma(yi + theta) - lgTheta - GammaFunctions.logGamma(yi + 1)
            + theta * logRatio + yi * (p[0] + Math.log(s[i]) - logTotal);
        if (grad != null) {
          ga += dA;
          gb += theta * (GammaFunctions.digamma(yi + theta) - psiTheta + logRatio + (m - yi) / (theta + m));
          gc -= pi;
        }
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
