package org.flowmatch4j.tasks.trajectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class BifurcationProcessTest {
  private final BifurcationProcess p = BifurcationProcess.demo();

  @Test
  void cellsProgressAtConstantSpeedAndSplitIntoTwoFates() {
    Matrix x = p.sample(4000, 4, new SplittableRandom(1));
    double meanX = 0;
    int upper = 0;
    double meanAbsY = 0;
    for (int i = 0; i < x.rows; i++) {
      meanX += x.get(i, 0);
      upper += x.get(i, 1) > 0 ? 1 : 0;
      meanAbsY += Math.abs(x.get(i, 1));
    }
    assertEquals(4.0, meanX / x.rows, 0.02);
    assertEquals(0.5, upper / (double) x.rows, 0.03);
    // fates settle near +-sqrt(x - threshold) = +-sqrt(3)
    assertEquals(Math.sqrt(3), meanAbsY / x.rows, 0.15);
  }

  @Test
  void beforeTheThresholdTheFatesHaveNotSplit() {
    Matrix x = p.sample(4000, 0.5, new SplittableRandom(2));
    double meanAbsY = 0;
    for (int i = 0; i < x.rows; i++) {
      meanAbsY += Math.abs(x.get(i, 1));
    }
    assertTrue(meanAbsY / x.rows < 0.3, "mean |y| " + meanAbsY / x.rows);
  }

  @Test
  void driftMatchesTheFormula() {
    Matrix x = new Matrix(1, 2, new float[] {3, 0.5f});
    Matrix f = new Matrix(1, 2);
    p.drift(x, f);
    assertEquals(1.0, f.get(0, 0), 1e-6);
    assertEquals(2 * ((3 - 1) * 0.5 - 0.125), f.get(0, 1), 1e-6);
  }
}
