package org.flowmatch4j.tasks.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** Model time and grouping of a time course, against values worked out by hand. */
class TimeCourseTest {
  private static TimeCourse course(double... times) {
    Matrix[] snaps = new Matrix[times.length];
    for (int k = 0; k < times.length; k++) {
      snaps[k] = new Matrix(1, 1, new float[] {k});
    }
    return new TimeCourse(times, snaps);
  }

  @Test
  void evenlySpacedTimesBecomeTheirIndices() {
    TimeCourse tc = course(10, 20, 30, 40);
    for (int k = 0; k < 4; k++) {
      assertEquals(k, tc.modelTime(k), 1e-12);
    }
  }

  @Test
  void unevenSpacingKeepsItsRatios() {
    // tau_k = (t_k - 2) / (7 - 2) * 2
    TimeCourse tc = course(2, 3, 7);
    assertEquals(0, tc.modelTime(0), 1e-12);
    assertEquals(0.4, tc.modelTime(1), 1e-12);
    assertEquals(2, tc.modelTime(2), 1e-12);
  }

  @Test
  void twoTimePointsSpanOneUnitWhateverTheirLabels() {
    TimeCourse tc = course(-3.5, 100);
    assertEquals(0, tc.modelTime(0), 1e-12);
    assertEquals(1, tc.modelTime(1), 1e-12);
  }

  @Test
  void groupSortsTimesAndKeepsRowOrderWithinATimePoint() {
    Matrix x = new Matrix(5, 2, new float[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4});
    TimeCourse tc = TimeCourse.group(x, new double[] {5, 1, 5, 1, 3});
    assertArrayEquals(new double[] {1, 3, 5}, tc.times());
    assertArrayEquals(new float[] {1, 1, 3, 3}, tc.snapshot(0).data);
    assertArrayEquals(new float[] {4, 4}, tc.snapshot(1).data);
    assertArrayEquals(new float[] {0, 0, 2, 2}, tc.snapshot(2).data);
    assertEquals(5, tc.cells());
    assertArrayEquals(new float[] {1, 1, 3, 3, 4, 4, 0, 0, 2, 2}, tc.stacked().data);
  }

  @Test
  void timesMustIncrease() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> course(0, 2, 2));
    assertEquals("time points must be finite and strictly increasing: [0.0, 2.0, 2.0]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> course(1));
    assertThrows(IllegalArgumentException.class,
        () -> TimeCourse.group(new Matrix(2, 1), new double[] {0, Double.NaN}));
  }
}
