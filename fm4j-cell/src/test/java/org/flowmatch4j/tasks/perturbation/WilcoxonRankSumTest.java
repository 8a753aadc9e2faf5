package org.flowmatch4j.tasks.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** Rank-sum z-scores against scipy.stats.ranksums (golden from src/test/python/gen_wilcoxon_golden.py). */
class WilcoxonRankSumTest {

  @Test
  void matchesScipyWithTies() throws IOException {
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream("/perturbation/wilcoxon_golden.txt")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    String[] head = lines.get(0).split(" ");
    int n1 = Integer.parseInt(head[0]);
    int n2 = Integer.parseInt(head[1]);
    int p = Integer.parseInt(head[2]);
    Matrix a = rows(lines.subList(1, 1 + n1), p);
    Matrix b = rows(lines.subList(1 + n1, 1 + n1 + n2), p);
    double[] expected = parse(lines.get(1 + n1 + n2));
    double[] z = WilcoxonRankSum.zScores(a, b);
    for (int j = 0; j < p; j++) {
      assertEquals(expected[j], z[j], 1e-12, "gene " + j);
    }
    // Gene 3 is up in group a, gene 5 down, gene 7 all zero.
    assertEquals(3, WilcoxonRankSum.top(z, 1)[0]);
    assertEquals(0.0, z[7], 0.0);
  }

  @Test
  void topIsDescendingWithStableTies() {
    double[] z = {0.5, 2.0, Double.NaN, 2.0, -3.0};
    assertArrayEquals(new int[] {1, 3, 0, 4, 2}, WilcoxonRankSum.top(z, 5));
    assertArrayEquals(new int[] {1, 3}, WilcoxonRankSum.top(z, 2));
    assertEquals(5, WilcoxonRankSum.top(z, 100).length);
  }

  @Test
  void exactSmallCase() {
    // a = {3, 4}, b = {1, 2}: ranks of a are 3 and 4, R1 = 7, E = 5, sd = sqrt(2 * 2 * 5 / 12).
    Matrix a = new Matrix(2, 1, new float[] {3, 4});
    Matrix b = new Matrix(2, 1, new float[] {1, 2});
    assertEquals(2 / Math.sqrt(20.0 / 12), WilcoxonRankSum.zScores(a, b)[0], 1e-12);
    assertThrows(IllegalArgumentException.class, () -> WilcoxonRankSum.zScores(a, new Matrix(0, 1)));
  }

  private static Matrix rows(List<String> lines, int p) {
    Matrix m = new Matrix(lines.size(), p);
    for (int i = 0; i < lines.size(); i++) {
      double[] v = parse(lines.get(i));
      for (int j = 0; j < p; j++) {
        m.data[i * p + j] = (float) v[j];
      }
    }
    return m;
  }

  private static double[] parse(String line) {
    String[] s = line.trim().split(" ");
    double[] v = new double[s.length];
    for (int j = 0; j < s.length; j++) {
      v[j] = Double.parseDouble(s[j]);
    }
    return v;
  }
}
