package org.flowmatch4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Cholesky factor and solve against hand-computed answers. */
class CholeskyTest {
  @Test
  void factorOfAKnownMatrixAndItsSolve() {
    // A = L L^T with L = [[2, 0, 0], [1, 3, 0], [-1, 2, 1]].
    double[] a = {4, 2, -2, 2, 10, 5, -2, 5, 6};
    double[] l = new double[9];
    assertEquals(-1, Cholesky.factor(a, 3, 0, l));
    assertArrayEquals(new double[] {2, 0, 0, 1, 3, 0, -1, 2, 1}, l, 1e-15);
    // A x = b for x = (1, -2, 3): b = (4 - 4 - 6, 2 - 20 + 15, -2 - 10 + 18).
    double[] b = {-6, -3, 6};
    Cholesky.solve(l, 3, b);
    assertArrayEquals(new double[] {1, -2, 3}, b, 1e-12);
  }

  @Test
  void theFirstPivotNotAboveTheBoundIsNamed() {
    // Rows 0 and 1 equal: the second pivot is 0.
    double[] a = {1, 1, 0, 1, 1, 0, 0, 0, 1};
    assertEquals(1, Cholesky.factor(a, 3, 0, new double[9]));
    assertEquals(0, Cholesky.factor(new double[] {1e-13}, 1, 1e-12, new double[1]));
  }
}
