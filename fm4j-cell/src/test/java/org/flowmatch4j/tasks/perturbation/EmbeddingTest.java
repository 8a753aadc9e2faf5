package org.flowmatch4j.tasks.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** A non-finite value is named by its row in the data, not by its rank among the training cells. */
class EmbeddingTest {
  private static Matrix cells() {
    Matrix x = new Matrix(120, 4);
    for (int i = 0; i < x.rows; i++) {
      for (int j = 0; j < x.cols; j++) {
        x.set(i, j, (float) Math.sin(i * 1.3 + j));
      }
    }
    x.set(100, 2, Float.NaN);
    return x;
  }

  /** Every third cell is held out: cell 100 is training cell 66. */
  private static int[] train() {
    int[] t = new int[80];
    int k = 0;
    for (int i = 0; i < 120 && k < t.length; i++) {
      if (i % 3 != 0) {
        t[k++] = i;
      }
    }
    return t;
  }

  @Test
  void aNanIsReportedAtItsRowInTheData() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Embedding.pca(DenseMatrix.of(cells()), train(), 2));
    assertEquals("X has a non-finite value (NaN) at row 100, column 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Embedding.pca(SparseMatrix.fromDense(cells()), train(), 2));
    assertEquals("X has a non-finite value (NaN) at row 100, column 2", e.getMessage());
  }
}
