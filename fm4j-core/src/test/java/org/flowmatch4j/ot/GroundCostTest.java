package org.flowmatch4j.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The blocked pairwise kernel (four rows of x per pass over y, whole vectors and a scalar tail)
 * gives every entry bit for bit as {@link GroundCost#between}: the sum over features of squared
 * differences in feature order. Shapes leave tails in both rows (n mod 4) and columns.
 */
class GroundCostTest {
  @Test
  void pairwiseEqualsBetweenBitForBit() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int[] shape : new int[][] {{1, 1, 1}, {7, 19, 3}, {9, 40, 10}, {4, 8, 2}, {13, 5, 50}}) {
      int n = shape[0];
      int m = shape[1];
      int d = shape[2];
      double[] x = new double[n * d];
      double[] y = new double[m * d];
      for (int k = 0; k < x.length; k++) {
        x[k] = rng.nextDouble(-3, 3);
      }
      for (int k = 0; k < y.length; k++) {
        y[k] = rng.nextDouble(-3, 3);
      }
      for (GroundCost g : GroundCost.values()) {
        double[] c = g.pairwise(x, n, y, m, d);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < m; j++) {
            assertEquals(Double.doubleToRawLongBits(g.between(x, i, y, j, d)),
                Double.doubleToRawLongBits(c[i * m + j]),
                g + " " + n + "x" + m + "x" + d + " entry (" + i + ", " + j + ")");
          }
        }
      }
    }
  }
}
