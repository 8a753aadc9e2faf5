package org.flowmatch4j.fm.solver;

import org.flowmatch4j.fm.VectorField;
import org.flowmatch4j.tensor.Matrix;

/**
 * A fixed-grid explicit Runge-Kutta solver: {@code steps} equal steps of size
 * {@code h = (t1 - t0) / steps}. Saved states between grid points are interpolated linearly
 * (exact at grid points). Reports NFE = steps * stages.
 */
public record FixedStepSolver(FixedStepMethod method, int steps) implements OdeSolver {
  /** Checks that the method is given and steps &gt;= 1. */
  public FixedStepSolver {
    if (method == null) {
      throw new IllegalArgumentException("fixed-step solver: no method given");
    }
    if (steps < 1) {
      throw new IllegalArgumentException("fixed-step solver: steps must be >= 1, got " + steps);
    }
  }

  /** The solver of this method that spends exactly {@code nfe} evaluations. */
  public static FixedStepSolver withNfe(FixedStepMethod method, int nfe) {
    if (nfe < method.stages || nfe % method.stages != 0) {
      throw new IllegalArgumentException(
          method.name().toLowerCase() + " uses " + method.stages
              + " evaluations per step, so the NFE must be a positive multiple of " + method.stages
              + "; got " + nfe);
    }
    return new FixedStepSolver(method, nfe / method.stages);
  }

  @Override
  public OdeSolution integrate(VectorField v, Matrix x0, double t0, double t1, double[] saveAt) {
    int n = x0.rows;
    int d = x0.cols;
    SaveSchedule save = new SaveSchedule(saveAt, t0, t1, n, d);
    Matrix x = x0.copy();
    Matrix prev = save.isEmpty() ? null : new Matrix(n, d);
    Matrix k1 = new Matrix(n, d);
    Matrix k2 = method == FixedStepMethod.EULER ? null : new Matrix(n, d);
    Matrix k3 = method == FixedStepMethod.RK4 ? new Matrix(n, d) : null;
    Matrix k4 = method == FixedStepMethod.RK4 ? new Matrix(n, d) : null;
    Matrix tmp = method == FixedStepMethod.EULER ? null : new Matrix(n, d);
    save.start(t0, x);
    double h = (t1 - t0) / steps;
    float[] xs = x.data;
    for (int s = 0; s < steps; s++) {
      double t = t0 + s * h;
      double tNext = s == steps - 1 ? t1 : t0 + (s + 1) * h;
      if (prev != null) {
        System.arraycopy(xs, 0, prev.data, 0, xs.length);
      }
      switch (method) {
        case EULER -> {
          v.eval(x, t, k1);
          axpy((float) h, k1.data, xs);
        }
        case MIDPOINT -> {
          v.eval(x, t, k1);
          combine(xs, (float) (h / 2), k1.data, tmp.data);
          v.eval(tmp, t + h / 2, k2);
          axpy((float) h, k2.data, xs);
        }
        case HEUN -> {
          v.eval(x, t, k1);
          combine(xs, (float) h, k1.data, tmp.data);
          v.eval(tmp, t + h, k2);
          float hh = (float) (h / 2);
          for (int k = 0; k < xs.length; k++) {
            xs[k] += hh * (k1.data[k] + k2.data[k]);
          }
        }
        case RK4 -> {
          v.eval(x, t, k1);
          combine(xs, (float) (h / 2), k1.data, tmp.data);
          v.eval(tmp, t + h / 2, k2);
          combine(xs, (float) (h / 2), k2.data, tmp.data);
          v.eval(tmp, t + h / 2, k3);
          combine(xs, (float) h, k3.data, tmp.data);
          v.eval(tmp, t + h, k4);
          float h6 = (float) (h / 6);
          for (int k = 0; k < xs.length; k++) {
            xs[k] += h6 * (k1.data[k] + 2 * k2.data[k] + 2 * k3.data[k] + k4.data[k]);
          }
        }
        default -> throw new AssertionError(method);
      }
      if (prev != null) {
        Matrix from = prev;
        save.step(t, tNext, (at, out) -> lerp(from, x, (at - t) / (tNext - t), out), x);
      }
    }
    SaveSchedule.requireFinite(x, method.name().toLowerCase(), t1);
    return new OdeSolution(x, steps * method.stages, steps, 0, save.times(), save.states());
  }

  /** y += a * x. */
  static void axpy(float a, float[] x, float[] y) {
    for (int k = 0; k < y.length; k++) {
      y[k] += a * x[k];
    }
  }

  /** out = x + a * k. */
  static void combine(float[] x, float a, float[] k, float[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] + a * k[i];
    }
  }

  static void lerp(Matrix a, Matrix b, double f, Matrix out) {
    float ff = (float) f;
    for (int k = 0; k < out.data.length; k++) {
      out.data[k] = a.data[k] + ff * (b.data[k] - a.data[k]);
    }
  }
}
