package org.flowmatch4j.fm.path;

import org.flowmatch4j.tensor.Matrix;

/**
 * Exact conversions between the four {@link Prediction} parameterisations on an affine path with
 * a standard Gaussian source, {@code x_t = alpha_t x1 + sigma_t eps}. Every conversion goes through
 * the pair {@code (x1hat, epshat)} that satisfies {@code x_t = alpha x1hat + sigma epshat}:
 *
 * <pre>
 *   from X1:       epshat = (x - alpha x1hat) / sigma
 *   from EPSILON:  x1hat  = (x - sigma epshat) / alpha
 *   from SCORE:    epshat = -sigma s,  then as EPSILON
 *   from VELOCITY: x1hat  = (sigma v - dSigma x) / (sigma dAlpha - alpha dSigma)
 *                  epshat = (dAlpha x - alpha v) / (sigma dAlpha - alpha dSigma)
 *   to VELOCITY:   v = dAlpha x1hat + dSigma epshat;  to SCORE: s = -epshat / sigma
 * </pre>
 *
 * Every conversion is affine in the point and the prediction, {@code out = a x + b pred} with
 * scalars a, b that depend only on t ({@link #coefficients}); so the Jacobian of a converted
 * network is {@code a I + b J_pred} and its divergence {@code a d + b div pred}.
 *
 * <p>Conversions that divide by alpha are singular where alpha = 0 (t = 0 for most schedules), and
 * those that divide by sigma where sigma = 0 (t = 1); callers keep t inside the open interval.
 */
public final class GaussianConversions {
  private GaussianConversions() {}

  /**
   * Writes into {@code ab} (length 2) the coefficients of {@code out = ab[0] x + ab[1] pred}, the
   * conversion of a prediction of kind {@code from} to kind {@code to} at time t.
   */
  public static void coefficients(Scheduler scheduler, Prediction from, Prediction to, double t, double[] ab) {
    if (ab.length != 2) {
      throw new IllegalArgumentException("coefficients: need an array of length 2, got " + ab.length);
    }
    if (from == to) {
      ab[0] = 0;
      ab[1] = 1;
      return;
    }
    double alpha = scheduler.alpha(t);
    double sigma = scheduler.sigma(t);
    double dAlpha = scheduler.dAlpha(t);
    double dSigma = scheduler.dSigma(t);
    double det = sigma * dAlpha - alpha * dSigma;
    // x1hat = x1x x + x1p pred, epshat = ex x + ep pred
    double x1x, x1p, ex, ep;
    switch (from) {
      case X1 -> {
        x1x = 0;
        x1p = 1;
        ex = 1 / sigma;
        ep = -alpha / sigma;
      }
      case EPSILON -> {
        ex = 0;
        ep = 1;
        x1x = 1 / alpha;
        x1p = -sigma / alpha;
      }
      case SCORE -> {
        ex = 0;
        ep = -sigma;
        x1x = 1 / alpha;
        x1p = sigma * sigma / alpha;
      }
      case VELOCITY -> {
        x1x = -dSigma / det;
        x1p = sigma / det;
        ex = dAlpha / det;
        ep = -alpha / det;
      }
      default -> throw new AssertionError(from);
    }
    switch (to) {
      case X1 -> {
        ab[0] = x1x;
        ab[1] = x1p;
      }
      case EPSILON -> {
        ab[0] = ex;
        ab[1] = ep;
      }
      case SCORE -> {
        ab[0] = -ex / sigma;
        ab[1] = -ep / sigma;
      }
      case VELOCITY -> {
        ab[0] = dAlpha * x1x + dSigma * ex;
        ab[1] = dAlpha * x1p + dSigma * ep;
      }
      default -> throw new AssertionError(to);
    }
  }

  /**
   * Converts {@code pred} (n x d), a prediction of kind {@code from} at points {@code x} (n x d)
   * and time {@code t}, to kind {@code to}, written into {@code out} (n x d, may be {@code pred}).
   * Not modified: x (unless it is out).
   */
  public static void convert(
      Scheduler scheduler, Prediction from, Prediction to, Matrix x, double t, Matrix pred, Matrix out) {
    pred.requireShape(x.rows, x.cols, "prediction");
    out.requireShape(x.rows, x.cols, "output");
    double[] ab = new double[2];
    coefficients(scheduler, from, to, t, ab);
    apply(ab[0], ab[1], x, pred, out);
  }

  /** {@code out = a x + b pred}, elementwise in double. Shapes are the caller's to check. */
  private static void apply(double a, double b, Matrix x, Matrix pred, Matrix out) {
    float[] xs = x.data;
    float[] p = pred.data;
    float[] o = out.data;
    for (int k = 0; k < o.length; k++) {
      o[k] = (float) (a * xs[k] + b * p[k]);
    }
  }
}
