package org.flowmatch4j.fm.source;

import java.util.Arrays;

/**
 * Per-gene parameters of a zero-inflated negative binomial over G genes: mean {@code mu[g] >= 0}
 * (of the count at size factor 1), inverse dispersion {@code theta[g] > 0} and zero inflation
 * {@code pi[g]} in [0, 1). A cell with size factor s has, for gene g, {@code m = s mu[g]} and
 *
 * <pre>
 *   NB(y; m, theta) = Gamma(y + theta) / (Gamma(theta) y!) (theta / (theta + m))^theta (m / (theta + m))^y
 *   ZINB(0)         = pi + (1 - pi) NB(0; m, theta),   ZINB(y &gt; 0) = (1 - pi) NB(y; m, theta)
 * </pre>
 *
 * with mean {@code (1 - pi) m} and variance {@code (1 - pi) m (1 + m / theta + pi m)}. A negative
 * binomial is the case pi = 0. Arrays are copied in and out.
 */
public record ZinbParameters(double[] mu, double[] theta, double[] pi) {
  /** STFlow's fixed prior: theta = 1, mu = e^0.1, pi = 0.5 for every gene. */
  public static final double STFLOW_THETA = 1;
  /** STFlow's fixed prior mean, e^0.1. */
  public static final double STFLOW_MU = Math.exp(0.1);
  /** STFlow's fixed prior zero inflation. */
  public static final double STFLOW_PI = 0.5;

  /** Checks one mu, theta and pi per gene in the ranges above, and copies the arrays. */
  public ZinbParameters {
    if (mu.length == 0 || theta.length != mu.length || pi.length != mu.length) {
      throw new IllegalArgumentException(
          "count parameters need one mu, theta and pi per gene, got " + mu.length + ", " + theta.length + ", " + pi.length);
    }
    for (int g = 0; g < mu.length; g++) {
      if (!(mu[g] >= 0) || Double.isInfinite(mu[g]) || !(theta[g] > 0) || Double.isInfinite(theta[g])
          || !(pi[g] >= 0 && pi[g] < 1)) {
        throw new IllegalArgumentException("gene " + g + ": need mu >= 0, 0 < theta < inf and 0 <= pi < 1, got mu "
            + mu[g] + ", theta " + theta[g] + ", pi " + pi[g]);
      }
    }
    mu = mu.clone();
    theta = theta.clone();
    pi = pi.clone();
  }

  /** STFlow's prior for {@code genes} genes. */
  public static ZinbParameters stflowPrior(int genes) {
    return uniform(genes, STFLOW_MU, STFLOW_THETA, STFLOW_PI);
  }

  /** The same mu, theta and pi for every gene. */
  public static ZinbParameters uniform(int genes, double mu, double theta, double pi) {
    double[] m = new double[genes];
    double[] t = new double[genes];
    double[] p = new double[genes];
    Arrays.fill(m, mu);
    Arrays.fill(t, theta);
    Arrays.fill(p, pi);
    return new ZinbParameters(m, t, p);
  }

  /** Number of genes G. */
  public int genes() {
    return mu.length;
  }

  /** A copy of the means at size factor 1, length G. */
  @Override
  public double[] mu() {
    return mu.clone();
  }

  /** A copy of the inverse dispersions, length G. */
  @Override
  public double[] theta() {
    return theta.clone();
  }

  /** A copy of the zero-inflation probabilities, length G. */
  @Override
  public double[] pi() {
    return pi.clone();
  }

  /** mu of gene g. */
  public double mu(int g) {
    return mu[g];
  }

  /** theta of gene g. */
  public double theta(int g) {
    return theta[g];
  }

  /** pi of gene g. */
  public double pi(int g) {
    return pi[g];
  }

  /** True when every pi is 0 (a negative binomial). */
  public boolean isNegativeBinomial() {
    for (double p : pi) {
      if (p != 0) {
        return false;
      }
    }
    return true;
  }

  /** log ZINB(y) of gene g at size factor s (y a count &ge; 0). */
  public double logProbability(int g, double y, double s) {
    return logZinb(y, s * mu[g], theta[g], pi[g]);
  }

  /** log NB(y; m, theta); m = 0 is the point mass at 0. */
  public static double logNb(double y, double m, double theta) {
    if (m == 0) {
      return y == 0 ? 0 : Double.NEGATIVE_INFINITY;
    }
    double logTotal = Math.log(theta + m);
    double out = theta * (Math.log(theta) - logTotal);
    if (y > 0) {
      out += GammaFunctions.logGamma(y + theta) - GammaFunctions.logGamma(theta) - GammaFunctions.logGamma(y + 1)
          + y * (Math.log(m) - logTotal);
    }
    return out;
  }

  /** log ZINB(y; m, theta, pi). */
  public static double logZinb(double y, double m, double theta, double pi) {
    double nb = logNb(y, m, theta);
    if (pi == 0) {
      return nb;
    }
    if (y > 0) {
      return Math.log1p(-pi) + nb;
    }
    // log(pi + (1 - pi) e^nb) without underflow
    double a = Math.log(pi);
    double b = Math.log1p(-pi) + nb;
    double hi = Math.max(a, b);
    return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
  }
}
