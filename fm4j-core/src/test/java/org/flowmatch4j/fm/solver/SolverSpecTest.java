package org.flowmatch4j.fm.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.flowmatch4j.fm.InvalidSettingException;
import org.junit.jupiter.api.Test;

/** A solver spec refuses an impossible budget when it is made, naming the setting; a valid one always creates its solver. */
class SolverSpecTest {
  @Test
  void aFixedStepBudgetMustBeAPositiveMultipleOfTheStages() {
    InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> SolverSpec.fixed(SolverKind.RK4, 6));
    assertEquals("nfe 6: rk4 uses 4 evaluations per step, so nfe must be a positive multiple of 4", e.getMessage());
    assertEquals("--nfe 6: rk4 uses 4 evaluations per step, so --nfe must be a positive multiple of 4",
        e.message(name -> "--" + name));
    assertThrows(InvalidSettingException.class, () -> SolverSpec.fixed(SolverKind.EULER, 0));
    assertEquals(new FixedStepSolver(FixedStepMethod.RK4, 2), SolverSpec.of(SolverKind.RK4, 8, Double.NaN).create());
  }

  @Test
  void dopri5NeedsPositiveFiniteTolerances() {
    InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> SolverSpec.adaptive(0));
    assertEquals("tol must be a finite number > 0, got 0.0", e.getMessage());
    assertThrows(InvalidSettingException.class, () -> SolverSpec.of(SolverKind.DOPRI5, 0, Double.POSITIVE_INFINITY));
    InvalidSettingException r = assertThrows(InvalidSettingException.class,
        () -> new SolverSpec(SolverKind.DOPRI5, 0, 1e-5, -1, 100));
    assertEquals("dopri5 needs finite --atol > 0 and --rtol >= 0 and --max-steps >= 1, got 1.0E-5, -1.0 and 100",
        r.message(name -> "--" + name));
    assertEquals(new Dopri5(1e-6, 1e-6, 10_000), SolverSpec.of(SolverKind.DOPRI5, 0, 1e-6).create());
  }
}
