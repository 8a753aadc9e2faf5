package org.flowmatch4j.fm.solver;

import org.flowmatch4j.fm.VectorField;
import org.flowmatch4j.tensor.Matrix;

/**
 * The adaptive Dormand-Prince 5(4) method with first-same-as-last stages, error control on the
 * root-mean-square of {@code err / (atol + rtol * max(|x|, |x'|))} over the whole batch, the step
 * size factor {@code 0.9 err^(-1/5)} clamped to [0.2, 10], and Hairer's initial step selection.
 * Saved states between accepted steps use cubic Hermite interpolation with the end-point
 * velocities.
 *
 * @param atol absolute tolerance (> 0)
 * @param rtol relative tolerance (>= 0)
 * @param maxSteps the most steps (accepted and rejected) before giving up with an error
 */
public record Dopri5(double atol, double rtol, int maxSteps) implements OdeSolver {
  private static final double C2 = 1.0 / 5, C3 = 3.0 / 10, C4 = 4.0 / 5, C5 = 8.0 / 9;
  private static final double A21 = 1.0 / 5;
  private static final double A31 = 3.0 / 40, A32 = 9.0 / 40;
  private static final double A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
  private static final double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187, A53 = 64448.0 / 6561,
      A54 = -212.0 / 729;
  private static final double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247,
      A64 = 49.0 / 176, A65 = -5103.0 / 18656;
  private static final double B1 = 35.0 / 384, B3 = 500.0 / 1113, B4 = 125.0 / 192,
      B5 = -2187.0 / 6784, B6 = 11.0 / 84;
  private static final double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920,
      E5 = -17253.0 / 339200, E6 = 22.0 / 525, E7 = -1.0 / 40;
  private static final double SAFETY = 0.9, MIN_FACTOR = 0.2, MAX_FACTOR = 10;

  /** Checks 0 &lt; atol &lt; inf, 0 &lt;= rtol &lt; inf and maxSteps &gt;= 1. */
  public Dopri5 {
    if (!(atol > 0) || !(rtol >= 0) || Double.isInfinite(atol) || Double.isInfinite(rtol)) {
      throw new IllegalArgumentException("dopri5: need atol > 0 and rtol >= 0, got " + atol + ", " + rtol);
    }
    if (maxSteps < 1) {
      throw new IllegalArgumentException("dopri5: maxSteps must be >= 1, got " + maxSteps);
    }
  }

  /** atol = rtol = 1e-5 and at most 10,000 steps. */
  public static Dopri5 defaults() {
    return new Dopri5(1e-5, 1e-5, 10_000);
  }

  @Override
  public OdeSolution integrate(VectorField v, Matrix x0, double t0, double t1, double[] saveAt) {
    int n = x0.rows;
    int d = x0.cols;
    SaveSchedule save = new SaveSchedule(saveAt, t0, t1, n, d);
    Matrix x = x0.copy();
    save.start(t0, x);
    if (t0 == t1) {
      return new OdeSolution(x, 0, 0, 0, save.times(), save.states());
    }
    double dir = Math.signum(t1 - t0);
    Matrix k1 = new Matrix(n, d), k2 = new Matrix(n, d), k3 = new Matrix(n, d);
    Matrix k4 = new Matrix(n, d), k5 = new Matrix(n, d), k6 = new Matrix(n, d);
    Matrix k7 = new Matrix(n, d), y = new Matrix(n, d), tmp = new Matrix(n, d);
    int nfe = 0;
    v.eval(x, t0, k1);
    nfe++;
    double h = initialStep(v, x, t0, t1, k1, tmp, k2) * dir;
    nfe++;
    double t = t0;
    int accepted = 0;
    int rejected = 0;
    float[] xs = x.data;
    while ((t1 - t) * dir > 0) {
      if (accepted + rejected >= maxSteps) {
        throw new IllegalStateException(
            "dopri5: reached the maximum of " + maxSteps + " steps at t = " + t
                + " (loosen atol/rtol or raise the step limit)");
      }
      if ((t + h - t1) * dir > 0) {
        h = t1 - t;
      }
      stage(xs, h, tmp.data, k1, A21);
      v.eval(tmp, t + C2 * h, k2);
      stage(xs, h, tmp.data, k1, A31, k2, A32);
      v.eval(tmp, t + C3 * h, k3);
      stage(xs, h, tmp.data, k1, A41, k2, A42, k3, A43);
      v.eval(tmp, t + C4 * h, k4);
      stage(xs, h, tmp.data, k1, A51, k2, A52, k3, A53, k4, A54);
      v.eval(tmp, t + C5 * h, k5);
      stage(xs, h, tmp.data, k1, A61, k2, A62, k3, A63, k4, A64, k5, A65);
      v.eval(tmp, t + h, k6);
      stage(xs, h, y.data, k1, B1, k3, B3, k4, B4, k5, B5, k6, B6);
      v.eval(y, t + h, k7);
      nfe += 6;
      double err = errorNorm(xs, y.data, h, k1, k3, k4, k5, k6, k7);
      if (!Double.isFinite(err)) {
        throw new IllegalStateException(
            "dopri5: the state became non-finite at t = " + t + " (the vector field diverged)");
      }
      if (err <= 1) {
        double ta = t;
        double tb = (t + h - t1) * dir >= 0 ? t1 : t + h;
        if (!save.isEmpty()) {
          final double hh = h;
          save.step(ta, tb, (s, out) -> hermite(xs, y.data, k1.data, k7.data, hh, (s - ta) / hh, out.data), y);
        }
        System.arraycopy(y.data, 0, xs, 0, xs.length);
        System.arraycopy(k7.data, 0, k1.data, 0, xs.length);
        t = tb;
        accepted++;
      } else {
        rejected++;
      }
      double factor = err == 0 ? MAX_FACTOR : SAFETY * Math.pow(err, -0.2);
      h *= Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, factor));
    }
    SaveSchedule.requireFinite(x, "dopri5", t1);
    return new OdeSolution(x, nfe, accepted, rejected, save.times(), save.states());
  }

  /**
   * Hairer's starting step size (positive). Its trial evaluation steps towards t1 and stays inside
   * [t0, t1], so that fields defined only on the interval (singular beyond it) are never evaluated
   * outside it.
   */
  private double initialStep(VectorField v, Matrix x, double t0, double t1, Matrix f0, Matrix y1, Matrix f1) {
    double dir = Math.signum(t1 - t0);
    double d0 = 0, d1 = 0;
    float[] xs = x.data;
    for (int k = 0; k < xs.length; k++) {
      double sc = atol + rtol * Math.abs(xs[k]);
      d0 += sq(xs[k] / sc);
      d1 += sq(f0.data[k] / sc);
    }
    d0 = Math.sqrt(d0 / xs.length);
    d1 = Math.sqrt(d1 / xs.length);
    double h0 = Math.min(Math.abs(t1 - t0), (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1);
    for (int k = 0; k < xs.length; k++) {
      y1.data[k] = (float) (xs[k] + dir * h0 * f0.data[k]);
    }
    v.eval(y1, t0 + dir * h0, f1);
    double d2 = 0;
    for (int k = 0; k < xs.length; k++) {
      double sc = atol + rtol * Math.abs(xs[k]);
      d2 += sq((f1.data[k] - f0.data[k]) / sc);
    }
    d2 = Math.sqrt(d2 / xs.length) / h0;
    double m = Math.max(d1, d2);
    double h1 = m <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / m, 0.2);
    return Math.min(100 * h0, h1);
  }

  private double errorNorm(
      float[] x, float[] y, double h, Matrix k1, Matrix k3, Matrix k4, Matrix k5, Matrix k6, Matrix k7) {
    double sum = 0;
    for (int k = 0; k < x.length; k++) {
      double e =
          h * (E1 * k1.data[k] + E3 * k3.data[k] + E4 * k4.data[k] + E5 * k5.data[k]
              + E6 * k6.data[k] + E7 * k7.data[k]);
      double sc = atol + rtol * Math.max(Math.abs(x[k]), Math.abs(y[k]));
      sum += sq(e / sc);
    }
    return Math.sqrt(sum / x.length);
  }

  private static double sq(double a) {
    return a * a;
  }

  /** out = x + h * (a * ka). */
  private static void stage(float[] x, double h, float[] out, Matrix ka, double a) {
    float ca = (float) (h * a);
    float[] pa = ka.data;
    for (int k = 0; k < out.length; k++) {
      out[k] = x[k] + ca * pa[k];
    }
  }

  /** out = x + h * (a * ka + b * kb). */
  private static void stage(float[] x, double h, float[] out, Matrix ka, double a, Matrix kb, double b) {
    float ca = (float) (h * a), cb = (float) (h * b);
    float[] pa = ka.data, pb = kb.data;
    for (int k = 0; k < out.length; k++) {
      out[k] = x[k] + ca * pa[k] + cb * pb[k];
    }
  }

  /** out = x + h * (a * ka + b * kb + c * kc). */
  private static void stage(
      float[] x, double h, float[] out, Matrix ka, double a, Matrix kb, double b, Matrix kc, double c) {
    float ca = (float) (h * a), cb = (float) (h * b), cc = (float) (h * c);
    float[] pa = ka.data, pb = kb.data, pc = kc.data;
    for (int k = 0; k < out.length; k++) {
      out[k] = x[k] + ca * pa[k] + cb * pb[k] + cc * pc[k];
    }
  }

  /** out = x + h * (a * ka + b * kb + c * kc + e * ke). */
  private static void stage(
      float[] x, double h, float[] out, Matrix ka, double a, Matrix kb, double b, Matrix kc, double c,
      Matrix ke, double e) {
    float ca = (float) (h * a), cb = (float) (h * b), cc = (float) (h * c), ce = (float) (h * e);
    float[] pa = ka.data, pb = kb.data, pc = kc.data, pe = ke.data;
    for (int k = 0; k < out.length; k++) {
      out[k] = x[k] + ca * pa[k] + cb * pb[k] + cc * pc[k] + ce * pe[k];
    }
  }

  /** out = x + h * (a * ka + b * kb + c * kc + e * ke + f * kf). */
  private static void stage(
      float[] x, double h, float[] out, Matrix ka, double a, Matrix kb, double b, Matrix kc, double c,
      Matrix ke, double e, Matrix kf, double f) {
    float ca = (float) (h * a), cb = (float) (h * b), cc = (float) (h * c), ce = (float) (h * e),
        cf = (float) (h * f);
    float[] pa = ka.data, pb = kb.data, pc = kc.data, pe = ke.data, pf = kf.data;
    for (int k = 0; k < out.length; k++) {
      out[k] = x[k] + ca * pa[k] + cb * pb[k] + cc * pc[k] + ce * pe[k] + cf * pf[k];
    }
  }

  /** Cubic Hermite interpolation at fraction s of a step of size h from (y0, f0) to (y1, f1). */
  private static void hermite(float[] y0, float[] y1, float[] f0, float[] f1, double h, double s, float[] out) {
    double s2 = s * s, s3 = s2 * s;
    float h00 = (float) (2 * s3 - 3 * s2 + 1);
    float h10 = (float) ((s3 - 2 * s2 + s) * h);
    float h01 = (float) (-2 * s3 + 3 * s2);
    float h11 = (float) ((s3 - s2) * h);
    for (int k = 0; k < out.length; k++) {
      out[k] = h00 * y0[k] + h10 * f0[k] + h01 * y1[k] + h11 * f1[k];
    }
  }
}
