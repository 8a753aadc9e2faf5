package org.flowmatch4j.tasks.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/**
 * Leave-one-section-out choices against scikit-learn's GridSearchCV with LeaveOneGroupOut, and one
 * kernel ridge prediction against scikit-learn's KernelRidge ({@code
 * src/test/python/gen_section_cv_goldens.py}).
 */
class SectionCvTest {
  private final List<Matrix> x = new ArrayList<>();
  private final List<Matrix> y = new ArrayList<>();
  private final List<double[]> tail = new ArrayList<>();

  SectionCvTest() throws Exception {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        SectionCvTest.class.getResourceAsStream("section_cv_golden.txt"), StandardCharsets.UTF_8))) {
      double[] head = numbers(r.readLine());
      int d = (int) head[1];
      int g = (int) head[2];
      double[] sizes = numbers(r.readLine());
      for (double s : sizes) {
        x.add(new Matrix((int) s, d));
      }
      for (Matrix m : x) {
        fill(r, m);
      }
      for (Matrix m : x) {
        Matrix t = new Matrix(m.rows, g);
        fill(r, t);
        y.add(t);
      }
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        tail.add(numbers(line));
      }
    }
  }

  private static void fill(BufferedReader r, Matrix m) throws Exception {
    for (int i = 0; i < m.rows; i++) {
      double[] row = numbers(r.readLine());
      for (int c = 0; c < m.cols; c++) {
        m.data[i * m.cols + c] = (float) row[c];
      }
    }
  }

  private static double[] numbers(String line) {
    return Arrays.stream(line.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
  }

  @Test
  void ridgeAlphaMatchesGridSearchCv() {
    List<Double> grid = Arrays.stream(tail.get(0)).boxed().toList();
    SectionCv.Choice<Double> c = SectionCv.choose(grid, x, y, Ridge::fitPredict, "ridge-alpha");
    assertArrayEquals(tail.get(1), c.score(), 1e-5);
    assertEquals(tail.get(2)[0], c.chosen(), 1e-9);
  }

  @Test
  void knnKMatchesGridSearchCv() {
    List<Integer> grid = Arrays.stream(tail.get(3)).mapToInt(v -> (int) v).boxed().toList();
    SectionCv.Choice<Integer> c = SectionCv.choose(grid, x, y, KnnRegression::predict, "knn");
    assertArrayEquals(tail.get(4), c.score(), 1e-5);
    assertEquals((int) tail.get(5)[0], c.chosen());
  }

  @Test
  void kernelRidgeSettingMatchesGridSearchCv() {
    double[] pairs = tail.get(6);
    List<KernelRidge.Setting> grid = new ArrayList<>();
    for (int p = 0; p < pairs.length; p += 2) {
      grid.add(new KernelRidge.Setting(pairs[p], pairs[p + 1]));
    }
    assertEquals(KernelRidge.GRID, grid);
    SectionCv.Choice<KernelRidge.Setting> c = SectionCv.choose(grid, x, y, KernelRidge::fitPredict, "kernel-ridge");
    assertArrayEquals(tail.get(7), c.score(), 1e-5);
    assertEquals(new KernelRidge.Setting(tail.get(8)[0], tail.get(8)[1]), c.chosen());
  }

  @Test
  void kernelRidgePredictionMatchesScikitLearn() {
    KernelRidge.Setting s = new KernelRidge.Setting(tail.get(9)[0], tail.get(9)[1]);
    Matrix p = KernelRidge.fitPredict(SpatialFold.vstack(x.subList(0, 2)), SpatialFold.vstack(y.subList(0, 2)), x.get(2), s);
    double[] got = new double[p.data.length];
    for (int q = 0; q < got.length; q++) {
      got[q] = p.data[q];
    }
    assertArrayEquals(tail.get(10), got, 1e-5);
  }

  @Test
  void oneValueIsTakenAsGivenAndSeveralNeedTwoSections() {
    SectionCv.Choice<Double> one = SectionCv.choose(List.of(3.0), x.subList(0, 1), y.subList(0, 1),
        Ridge::fitPredict, "ridge-alpha");
    assertEquals(3.0, one.chosen());
    assertEquals(0, one.score().length);
    InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> SectionCv.choose(List.of(1.0, 2.0),
        x.subList(0, 1), y.subList(0, 1), Ridge::fitPredict, "ridge-alpha"));
    assertEquals("--ridge-alpha: choosing among 2 values by leave-one-section-out cross-validation needs at least two"
        + " training sections; give one value", e.message(s -> "--" + s));
  }
}
