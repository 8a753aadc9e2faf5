package org.flowmatch4j.tasks.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class SpotConditionTest {
  @Test
  void neighbourhoodsStayWithinTheirSectionAndPadWithMinusOne() {
    // section 1: three spots on a line; section 2: one spot
    Matrix a = new Matrix(3, 2, new float[] {0, 0, 1, 0, 5, 0});
    Matrix b = new Matrix(1, 2, new float[] {0.5f, 0});
    SpotNeighbourhood nb = SpotNeighbourhood.of(List.of(a, b), 2);
    assertArrayEquals(new int[] {1, 2, 0, 2, 1, 0, -1, -1}, nb.index());
  }

  @Test
  void theConditionHoldsTheNeighboursStatesTheirMaskAndTheFeatures() {
    Matrix xy = new Matrix(2, 2, new float[] {0, 0, 1, 0});
    SpotNeighbourhood nb = SpotNeighbourhood.of(List.of(xy), 2); // spot 0: neighbour 1 and padding
    Matrix states = new Matrix(2, 3, new float[] {1, 2, 3, 9, 9, 9}); // the padding row holds junk
    Matrix features = new Matrix(2, 2, new float[] {7, 8, 5, 6});
    Matrix c = new Matrix(1, SpotCondition.columns(2, 3, 2));
    SpotCondition.write(c, 0, nb, 0, states, features);
    assertArrayEquals(new float[] {1, 2, 3, 0, 0, 0, 1, 0, 7, 8}, c.data);
    assertEquals(2 * 3 + 2, SpotCondition.pooling(2, 3, 4).setColumns());
  }
}
