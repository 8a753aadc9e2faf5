package org.flowmatch4j.tasks.generation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.source.CountSampler;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class CountGenerationTest {
  /** Counts whose first half of genes has its mean multiplied by {@code scale}. */
  private static Matrix simulate(int n, int genes, double scale, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Matrix m = new Matrix(n, genes);
    for (int i = 0; i < n; i++) {
      for (int g = 0; g < genes; g++) {
        m.data[i * genes + g] = r.nextDouble() < 0.2 ? 0 : CountSampler.negativeBinomial(r, (g < genes / 2 ? scale : 1) * (1 + g), 1.5);
      }
    }
    return m;
  }

  @Test
  void identicalCellsScorePerfectly() {
    Matrix real = simulate(80, 6, 1, 1);
    CountMetrics m = CountMetrics.fit(simulate(100, 6, 1, 2), 3, 0);
    CountScores s = m.score(real, real);
    assertEquals(0, s.mmd(), 1e-12);
    assertEquals(0, s.energy(), 1e-9);
    assertEquals(0, s.zeroFractionMae());
    assertEquals(1, s.meanCorrelation(), 1e-12);
    assertEquals(1, s.varianceCorrelation(), 1e-12);
  }

  @Test
  void bandwidthsFollowTheMedianNonZeroSquaredDistance() {
    // points 0, 1, 3 and a duplicate of 0: non-zero squared distances 1, 9, 4, 1, 9 -> median 4
    Matrix x = new Matrix(4, 1, new float[] {0, 1, 3, 0});
    assertArrayEquals(new double[] {1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0 / 2, 1}, CountMetrics.gammas(x), 1e-15);
    assertArrayEquals(new double[] {0.25, 0.5, 1, 2, 4}, CountMetrics.gammas(new Matrix(3, 2)), 0);
  }

  @Test
  void zeroFractionErrorIsTheMeanAbsoluteDifference() {
    Matrix real = new Matrix(4, 2, new float[] {0, 1, 0, 2, 3, 0, 1, 5});
    Matrix gen = new Matrix(2, 2, new float[] {0, 0, 0, 0});
    // real zero fractions (0.5, 0.25), generated (1, 1): MAE = (0.5 + 0.75) / 2
    CountMetrics m = CountMetrics.fit(real, 1, 0);
    assertEquals(0.625, m.score(real, gen).zeroFractionMae(), 1e-15);
  }

  @Test
  void aShiftedPopulationScoresWorseThanAFreshSampleOfTheSame() {
    CountMetrics m = CountMetrics.fit(simulate(200, 8, 1, 3), 4, 0);
    Matrix real = simulate(150, 8, 1, 4);
    CountScores same = m.score(real, simulate(150, 8, 1, 5));
    CountScores shifted = m.score(real, simulate(150, 8, 4, 6));
    assertTrue(shifted.mmd() > 3 * same.mmd(), shifted + " vs " + same);
    assertTrue(shifted.energy() > 3 * same.energy(), shifted + " vs " + same);
    assertTrue(shifted.zeroFractionMae() > same.zeroFractionMae());
  }

  @Test
  void splitHoldsOutAFractionOfEveryLabelAndKeepsSingletonsForTraining() {
    String[] labels = new String[31];
    for (int i = 0; i < 31; i++) {
      labels[i] = i < 20 ? "a" : i < 30 ? "b" : "c";
    }
    List<String> notes = new ArrayList<>();
    Map<String, int[][]> s = CountGeneration.split(labels, 31, 0.2, 7, notes);
    assertEquals(List.of("a", "b", "c"), new ArrayList<>(s.keySet()));
    assertEquals(4, s.get("a")[1].length);
    assertEquals(16, s.get("a")[0].length);
    assertEquals(2, s.get("b")[1].length);
    assertEquals(0, s.get("c")[1].length);
    assertEquals(1, notes.size());
    int[] all = new int[31];
    int k = 0;
    for (int[][] p : s.values()) {
      for (int[] part : p) {
        for (int i : part) {
          all[k++] = i;
          assertEquals(labels[i], i < 20 ? "a" : i < 30 ? "b" : "c");
        }
      }
    }
    Arrays.sort(all);
    int[] expected = new int[31];
    Arrays.setAll(expected, i -> i);
    assertArrayEquals(expected, all);
    assertArrayEquals(s.get("a")[1], CountGeneration.split(labels, 31, 0.2, 7, new ArrayList<>()).get("a")[1]);
  }
}
