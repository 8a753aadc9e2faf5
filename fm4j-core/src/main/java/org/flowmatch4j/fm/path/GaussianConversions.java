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
 * Conversions that divide by alpha are singular where alpha = 0 (t = 0 for most schedules), and
 * those that divide by sigma where sigma = 0 (t = 1); callers keep t inside the open interval.
 */
public final class GaussianConversions {
  private GaussianConversions() {}

  /**
   * Converts {@code pred} (n x d), a prediction of kind {@code from} at points {@code x} (n x d)
   * and time {@code t}, to kind {@code to}, written into {@code out} (n x d, may be {@code pred}).
   * Not modified: x (unless it is out).
   */
  public static void convert(
      Scheduler scheduler, Prediction from, Prediction to, Matrix x, double t, Matrix pred, Matrix out) {
    pred.requireShape(x.rows, x.cols, "prediction");
    out.requireShape(x.rows, x.cols, "output");
    double alpha = scheduler.alpha(t);
    double sigma = scheduler.sigma(t);
    double dAlpha = scheduler.dAlpha(t);
    double dSigma = scheduler.dSigma(t);
    double det = sigma * dAlpha - alpha * dSigma;
    float[] xs = x.data;
    float[] p = pred.data;
    float[] o = out.data;
    for (int k = 0; k < xs.length; k++) {
      double xv = xs[k];
      double pv = p[k];
      double x1hat;
      double epshat;
      switch (from) {
        case X1 -> {
          x1hat = pv;
          epshat = (xv - alpha * pv) / sigma;
        }
        case EPSILON -> {
          epshat = pv;
          x1hat = (xv - sigma * pv) / alpha;
        }
        case SCORE -> {
          epshat = -sigma * pv;
          x1hat = (xv - sigma * epshat) / alpha;
        }
        case VELOCITY -> {
          x1hat = (sigma * pv - dSigma * xv) / det;
          epshat = (dAlpha * xv - alpha * pv) / det;
        }
        default -> throw new AssertionError(from);
      }
      o[k] =
          (float)
              switch (to) {
                case X1 -> x1hat;
                case EPSILON -> epshat;
                case SCORE -> -epshat / sigma;
                case VELOCITY -> dAlpha * x1hat + dSigma * epshat;
              };
    }
  }
}
