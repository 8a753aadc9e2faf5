package org.flowmatch4j.fm.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch4j.fm.VectorField;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OdeSolverTest {
  /** v = 3 t^2, whose flow carries x to x + 1 over [0, 1]. */
  private static final VectorField CUBIC = (x, t, out) -> java.util.Arrays.fill(out.data, (float) (3 * t * t));

  private static VectorField linear(double a) {
    return (x, t, out) -> {
      for (int k = 0; k < x.data.length; k++) {
        out.data[k] = (float) (a * x.data[k]);
      }
    };
  }

  private static Matrix points() {
    return new Matrix(3, 2, new float[] {0, 1, -2, 0.5f, 3, -1});
  }

  @ParameterizedTest
  @EnumSource(FixedStepMethod.class)
  void cubicTimeFieldCarriesXToXPlusOne(FixedStepMethod m) {
    int steps = 64;
    OdeSolution sol = new FixedStepSolver(m, steps).integrate(CUBIC, points(), 0, 1);
    // Euler's quadrature error for 3t^2 is 3h/2 - h^2/2 (left Riemann sum); the others are tiny.
    double tol = m == FixedStepMethod.EULER ? 1.6 / steps : m.order == 2 ? 1e-3 : 1e-5;
    for (int k = 0; k < sol.x().data.length; k++) {
      assertEquals(points().data[k] + 1, sol.x().data[k], tol, m.toString());
    }
    assertEquals(steps * m.stages, sol.nfe());
  }

  @Test
  void rk4IsExactForTheCubicField() {
    OdeSolution sol = new FixedStepSolver(FixedStepMethod.RK4, 3).integrate(CUBIC, points(), 0, 1);
    for (int k = 0; k < sol.x().data.length; k++) {
      assertEquals(points().data[k] + 1, sol.x().data[k], 1e-6);
    }
  }

  @Test
  void dopri5CarriesXToXPlusOne() {
    OdeSolution sol = Dopri5.defaults().integrate(CUBIC, points(), 0, 1);
    for (int k = 0; k < sol.x().data.length; k++) {
      assertEquals(points().data[k] + 1, sol.x().data[k], 1e-5);
    }
    assertTrue(sol.nfe() > 0 && sol.nfe() == 2 + 6 * (sol.steps() + sol.rejected()), "nfe " + sol.nfe());
  }

  @ParameterizedTest
  @EnumSource(FixedStepMethod.class)
  void measuredOrderOfConvergenceMatchesTheMethod(FixedStepMethod m) {
    double a = 1.3;
    double[] err = new double[2];
    int[] steps = {8, 16};
    for (int r = 0; r < 2; r++) {
      Matrix x0 = new Matrix(1, 1, new float[] {1});
      double x = new FixedStepSolverDouble(m, steps[r]).integrate(a, 1.0);
      err[r] = Math.abs(x - Math.exp(a));
      OdeSolution sol = new FixedStepSolver(m, steps[r]).integrate(linear(a), x0, 0, 1);
      assertEquals(x, sol.x().data[0], 1e-5 * Math.exp(a), "float solver agrees with the double reference");
    }
    double order = Math.log(err[0] / err[1]) / Math.log(2);
    assertEquals(m.order, order, 0.25, m + " measured order " + order);
  }

  @Test
  void dopri5MeetsItsToleranceOnExponentialGrowthAndBackwards() {
    double a = 2.0;
    Dopri5 solver = new Dopri5(1e-6, 1e-6, 1000);
    OdeSolution fwd = solver.integrate(linear(a), points(), 0, 1);
    OdeSolution back = solver.integrate(linear(a), points(), 1, 0);
    for (int k = 0; k < points().data.length; k++) {
      double x0 = points().data[k];
      assertEquals(x0 * Math.exp(a), fwd.x().data[k], 1e-4 * Math.max(1, Math.abs(x0 * Math.exp(a))));
      assertEquals(x0 * Math.exp(-a), back.x().data[k], 1e-5);
    }
  }

  @Test
  void savedStatesFollowTheExactSolution() {
    double a = -0.7;
    double[] grid = {0, 0.25, 0.5, 0.75, 1};
    for (OdeSolver solver : new OdeSolver[] {new FixedStepSolver(FixedStepMethod.RK4, 40), Dopri5.defaults()}) {
      OdeSolution sol = solver.integrate(linear(a), points(), 0, 1, grid);
      assertEquals(grid.length, sol.states().size());
      for (int g = 0; g < grid.length; g++) {
        for (int k = 0; k < points().data.length; k++) {
          double want = points().data[k] * Math.exp(a * grid[g]);
          assertEquals(want, sol.states().get(g).data[k], 2e-4, solver + " at t=" + grid[g]);
        }
      }
    }
  }

  @Test
  void offGridSaveTimesAreInterpolated() {
    OdeSolution sol = new FixedStepSolver(FixedStepMethod.EULER, 4).integrate(CUBIC, points(), 0, 1, new double[] {0.4, 0.9});
    // Euler with h = 1/4 moves by h*3t^2: states at grid 0, .25, .5, .75, 1 are 0, 0, .046875, .234375, .65625
    assertEquals(points().data[0] + 0.6 * 0.046875, sol.states().get(0).data[0], 1e-6);
    assertEquals(points().data[0] + 0.234375 + 0.6 * (0.65625 - 0.234375), sol.states().get(1).data[0], 1e-6);
  }

  @Test
  void badSaveTimesAndBudgetsAreErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FixedStepSolver(FixedStepMethod.EULER, 4).integrate(CUBIC, points(), 0, 1, new double[] {0.5, 0.2}));
    assertTrue(e.getMessage().contains("save times must run from t0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new FixedStepSolver(FixedStepMethod.EULER, 4).integrate(CUBIC, points(), 0, 1, new double[] {1.5}));
    assertTrue(e.getMessage().contains("outside the integration interval"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FixedStepSolver.withNfe(FixedStepMethod.RK4, 6));
    assertTrue(e.getMessage().contains("multiple of 4"), e.getMessage());
    IllegalStateException s = assertThrows(IllegalStateException.class,
        () -> new Dopri5(1e-12, 1e-12, 5).integrate(linear(5), points(), 0, 1));
    assertTrue(s.getMessage().contains("maximum of 5 steps"), s.getMessage());
  }

  @Test
  void divergingFieldIsReportedNotReturned() {
    VectorField nan = (x, t, out) -> java.util.Arrays.fill(out.data, Float.NaN);
    IllegalStateException s = assertThrows(IllegalStateException.class,
        () -> new FixedStepSolver(FixedStepMethod.HEUN, 3).integrate(nan, points(), 0, 1));
    assertTrue(s.getMessage().contains("non-finite"), s.getMessage());
    s = assertThrows(IllegalStateException.class, () -> Dopri5.defaults().integrate(nan, points(), 0, 1));
    assertTrue(s.getMessage().contains("non-finite"), s.getMessage());
  }

  /** The same Runge-Kutta methods in double precision on dx/dt = a x, for clean order estimates. */
  private record FixedStepSolverDouble(FixedStepMethod m, int steps) {
    double integrate(double a, double x) {
      double h = 1.0 / steps;
      for (int s = 0; s < steps; s++) {
        x = switch (m) {
          case EULER -> x + h * a * x;
          case MIDPOINT -> x + h * a * (x + h / 2 * a * x);
          case HEUN -> x + h / 2 * (a * x + a * (x + h * a * x));
          case RK4 -> {
            double k1 = a * x, k2 = a * (x + h / 2 * k1), k3 = a * (x + h / 2 * k2), k4 = a * (x + h * k3);
            yield x + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
          }
        };
      }
      return x;
    }
  }
}
