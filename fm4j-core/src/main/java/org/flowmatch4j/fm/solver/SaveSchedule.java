package org.flowmatch4j.fm.solver;

import java.util.ArrayList;
import java.util.List;
import org.flowmatch4j.tensor.Matrix;

/**
 * Collects states at requested times while a solver steps from t0 to t1; shared by the solvers.
 * States between two accepted steps are interpolated by the solver's callback.
 */
final class SaveSchedule {
  /** Interpolates the state at time s inside the step [ta, tb] into out. */
  interface Interpolant {
    void at(double s, Matrix out);
  }

  private final double[] times;
  private final List<Matrix> states;
  private final int rows;
  private final int cols;
  private final double direction;
  private int next;

  SaveSchedule(double[] saveAt, double t0, double t1, int rows, int cols) {
    this.times = saveAt == null ? new double[0] : saveAt.clone();
    this.states = new ArrayList<>(times.length);
    this.rows = rows;
    this.cols = cols;
    this.direction = Math.signum(t1 - t0);
    double lo = Math.min(t0, t1);
    double hi = Math.max(t0, t1);
    double tol = 1e-9 * Math.max(1, Math.abs(t1 - t0));
    for (int k = 0; k < times.length; k++) {
      double s = times[k];
      if (!(s >= lo - tol && s <= hi + tol)) {
        throw new IllegalArgumentException(
            "save time " + s + " lies outside the integration interval [" + lo + ", " + hi + "]");
      }
      if (k > 0 && (s - times[k - 1]) * direction < 0) {
        throw new IllegalArgumentException(
            "save times must run from t0 = " + t0 + " towards t1 = " + t1 + "; got " + times[k - 1] + " then " + s);
      }
    }
  }

  /** Saves the states at the requested times that fall in the step (ta, tb] (or [ta, tb] first). */
  void step(double ta, double tb, Interpolant interpolant, Matrix stateAtTb) {
    double tol = 1e-9 * Math.max(1, Math.abs(tb - ta));
    while (next < times.length && (times[next] - tb) * direction <= tol) {
      Matrix m = new Matrix(rows, cols);
      double s = times[next];
      if (Math.abs(s - tb) <= tol) {
        System.arraycopy(stateAtTb.data, 0, m.data, 0, m.data.length);
      } else {
        interpolant.at(s, m);
      }
      states.add(m);
      next++;
    }
  }

  /** Saves requested states equal to the start time. */
  void start(double t0, Matrix x0) {
    while (next < times.length && Math.abs(times[next] - t0) <= 1e-12 * Math.max(1, Math.abs(t0))) {
      states.add(x0.copy());
      next++;
    }
  }

  double[] times() {
    return times.clone();
  }

  List<Matrix> states() {
    if (states.size() != times.length) {
      throw new IllegalStateException(
          "saved " + states.size() + " of " + times.length + " requested states");
    }
    return List.copyOf(states);
  }

  boolean isEmpty() {
    return times.length == 0;
  }

  static void requireFinite(Matrix x, String solver, double t) {
    for (float v : x.data) {
      if (!Float.isFinite(v)) {
        throw new IllegalStateException(
            solver + ": the state became non-finite at t = " + t + " (the vector field diverged)");
      }
    }
  }
}
