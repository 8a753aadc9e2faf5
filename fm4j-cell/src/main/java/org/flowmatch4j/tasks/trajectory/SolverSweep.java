package org.flowmatch4j.tasks.trajectory;

import java.util.ArrayList;
import java.util.List;
import org.flowmatch4j.fm.MlpField;
import org.flowmatch4j.fm.solver.OdeSolution;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.metrics.Wasserstein;

/**
 * How the accuracy of a held-out prediction depends on the solver: the cells of time point k - 1
 * pushed to k by the fitted field with each fixed-step method (Euler, midpoint, Heun, RK4) at each
 * budget it can spend (a multiple of its stages), and by Dopri5, each scored by the exact W1
 * against the real cells of k.
 */
public final class SolverSweep {
  private SolverSweep() {}

  /** One solver's result: the evaluations it spent and the W1 of its prediction. */
  public record Row(SolverKind solver, int nfe, double w1) {}

  /**
   * The rows for the held-out point of {@code h} on {@code course}: fixed-step methods in the order
   * above at each of {@code nfes} they can spend, then Dopri5 at tolerance {@code tol}.
   */
  public static List<Row> run(HoldoutResult h, TimeCourse course, List<Integer> nfes, double tol) {
    List<SolverSpec> specs = new ArrayList<>();
    for (SolverKind kind : List.of(SolverKind.EULER, SolverKind.MIDPOINT, SolverKind.HEUN, SolverKind.RK4)) {
      for (int n : nfes) {
        if (n % kind.method().stages == 0) {
          specs.add(SolverSpec.fixed(kind, n));
        }
      }
    }
    specs.add(SolverSpec.adaptive(tol));
    int k = h.k();
    List<Row> rows = new ArrayList<>();
    for (SolverSpec s : specs) {
      OdeSolution sol = s.create().integrate(MlpField.of(h.model().net()), course.snapshot(k - 1),
          course.modelTime(k - 1), course.modelTime(k));
      rows.add(new Row(s.kind(), sol.nfe(), Wasserstein.w1(sol.x(), course.snapshot(k))));
    }
    return rows;
  }
}
