package org.flowmatch4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Matrix#of(float[][])} and {@link Matrix#toArray()}. */
class MatrixArraysTest {
  @Test
  void floatRowsGoInRowMajorAndComeBackAsCopies() {
    float[][] rows = {{1, 2, 3}, {4, 5, 6}};
    Matrix m = Matrix.of(rows);
    assertEquals(2, m.rows);
    assertEquals(3, m.cols);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, m.data);
    rows[0][0] = 9;
    assertEquals(1f, m.get(0, 0), "of copies its input");
    float[][] back = m.toArray();
    assertArrayEquals(new float[] {4, 5, 6}, back[1]);
    back[1][0] = 7;
    assertEquals(4f, m.get(1, 0), "toArray copies the storage");
    assertNotSame(back[0], back[1]);
  }

  @Test
  void emptyAndRaggedArrays() {
    assertEquals(0, Matrix.of(new float[0][]).rows);
    assertEquals(0, new Matrix(0, 4).toArray().length);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Matrix.of(new float[][] {{1, 2}, {3, 4}, {5}}));
    assertTrue(e.getMessage().contains("row 2 has 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Matrix.of(new double[][] {{1}, {2, 3}}));
    assertTrue(e.getMessage().contains("row 1 has 2"), e.getMessage());
  }
}
