package org.flowmatch4j.data.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Genes tied in exact arithmetic are selected together, whatever the rounding of their sums. */
class HighlyVariableTiesTest {
  /**
   * Four genes in two bins of two (means ~1 and ~5): each bin's genes have z = +1/√2 and −1/√2
   * exactly, so with n_top = 1 the two +1/√2 genes are tied and both are selected. A relative
   * change of 1e-15 in one gene's sums, as adding the cells in another order gives, must not
   * change that. Asked for exactly one gene ({@code top}), the lower index of the tied pair takes
   * the place.
   */
  @Test
  void tiesInExactArithmeticSurviveRoundingOfTheSums() {
    long n = 10;
    double[] mean = {1.0, 1.1, 5.0, 5.2};
    double[] var = {2.0, 3.5, 40.0, 20.0};
    double[] sum = new double[4];
    double[] sumSq = new double[4];
    for (int j = 0; j < 4; j++) {
      sum[j] = n * mean[j];
      sumSq[j] = var[j] * (n - 1) + n * mean[j] * mean[j];
    }
    int[] expected = {1, 2};
    for (double nudge : new double[] {0, 1e-15, -1e-15}) {
      for (int g = 0; g < 4; g++) {
        double[] s2 = sumSq.clone();
        s2[g] *= 1 + nudge;
        HighlyVariableGenes.Result r = HighlyVariableGenes.fromSums(sum, s2, n, 1, 2);
        assertEquals(Math.sqrt(0.5), Math.abs(r.dispersionsNorm()[g]), 1e-12);
        assertArrayEquals(expected, r.selected(), "nudge " + nudge + " of gene " + g);
        assertArrayEquals(new int[] {1}, r.top(1), "top 1, nudge " + nudge + " of gene " + g);
        assertArrayEquals(new int[] {1, 2}, r.top(2));
        assertArrayEquals(new int[] {0, 1, 2}, r.top(3));
      }
    }
  }
}
