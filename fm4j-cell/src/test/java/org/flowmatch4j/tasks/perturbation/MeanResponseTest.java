package org.flowmatch4j.tasks.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** {@link MeanResponse}: the ensemble's mean shift is the average of the flow's and the given one, the spread the flow's. */
class MeanResponseTest {

  @Test
  void ensembleMovesEveryCellByHalfTheDifferenceOfTheTwoShifts() {
    // Control mean (1, 0); flow cells' mean (3, 1): s_flow = (2, 1); s_near = (4, -1):
    // every cell moves by ((4, -1) - (2, 1)) / 2 = (1, -1), and the mean shift becomes (3, 0).
    Matrix z0 = new Matrix(2, 2, new float[] {0, 0, 2, 0});
    Matrix z1 = new Matrix(3, 2, new float[] {1, 1, 5, 1, 3, 1});
    Matrix out = MeanResponse.ENSEMBLE.apply(z1, z0, new double[] {4, -1});
    assertSame(z1, out);
    assertArrayEquals(new float[] {2, 0, 6, 0, 4, 0}, out.data, 1e-6f);
  }

  @Test
  void flowLeavesTheCellsAsTheyAre() {
    Matrix z1 = new Matrix(1, 2, new float[] {1, 2});
    MeanResponse.FLOW.apply(z1, new Matrix(1, 2, new float[] {0, 0}), new double[] {5, 5});
    assertArrayEquals(new float[] {1, 2}, z1.data, 0);
  }
}
