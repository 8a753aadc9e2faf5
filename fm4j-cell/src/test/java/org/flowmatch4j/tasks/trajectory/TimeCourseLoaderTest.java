package org.flowmatch4j.tasks.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the tiny committed course written by {@code src/test/python/gen_trajectory_fixtures.py}:
 * seven cells at days 0, 1 and 3 with g1 = 10 day + i and g2 = i % 2 for cell i, rows shuffled.
 * Grouped by day the cells are 1, 3, 6 | 0, 4 | 2, 5.
 */
class TimeCourseLoaderTest {
  private static final float[] DAY0 = {1, 1, 3, 1, 6, 0};
  private static final float[] DAY1 = {10, 0, 14, 0};
  private static final float[] DAY3 = {32, 0, 35, 1};

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(TimeCourseLoaderTest.class.getResource(name).toURI());
  }

  private static void assertDays(TimeCourse tc) {
    assertArrayEquals(new double[] {0, 1, 3}, tc.times());
    assertArrayEquals(DAY0, tc.snapshot(0).data, 0f);
    assertArrayEquals(DAY1, tc.snapshot(1).data, 0f);
    assertArrayEquals(DAY3, tc.snapshot(2).data, 0f);
  }

  @Test
  void csvWithANamedTimeColumn() throws Exception {
    TimeCourseLoader.Loaded l = TimeCourseLoader.load(fixture("tiny_course.csv"), "day", null, false, false);
    assertDays(l.course());
    assertArrayEquals(new String[] {"g1", "g2"}, l.features());
    assertNull(l.whitening());
    assertEquals("tiny_course.csv: 7 cells, 3 time points (day), 2 dimensions from the numeric columns",
        l.description());
  }

  @Test
  void csvTimeColumnDefaultsToTheFirstColumn() throws Exception {
    TimeCourseLoader.Loaded l = TimeCourseLoader.load(fixture("tiny_course.csv"), null, "columns", false, false);
    assertArrayEquals(new double[] {1, 3, 6, 10, 14, 32, 35}, l.course().times());
    // a column named day is a label (Csv.LABEL_COLUMNS): it stays out of the features
    assertArrayEquals(new String[] {"g2"}, l.features());
    assertArrayEquals(new float[] {1}, l.course().snapshot(0).data, 0f);
  }

  @Test
  void whiteningStandardisesEveryDimensionOverAllCells() throws Exception {
    TimeCourseLoader.Loaded l = TimeCourseLoader.load(fixture("tiny_course.csv"), "day", null, true, false);
    // g2 = 1, 1, 0 | 0, 0 | 0, 1: mean 3/7, population sd sqrt(12)/7
    double sd = Math.sqrt(12) / 7;
    assertEquals((1 - 3.0 / 7) / sd, l.course().snapshot(0).get(0, 1), 1e-5);
    assertEquals((0 - 3.0 / 7) / sd, l.course().snapshot(1).get(0, 1), 1e-5);
    // g1 = 1, 3, 6, 10, 14, 32, 35: mean 101/7
    double mean = 101.0 / 7;
    double ss = 0;
    for (double g : new double[] {1, 3, 6, 10, 14, 32, 35}) {
      ss += (g - mean) * (g - mean);
    }
    assertEquals((35 - mean) / Math.sqrt(ss / 7), l.course().snapshot(2).get(1, 0), 1e-5);
    assertTrue(l.description().endsWith(", whitened"), l.description());
  }

  @Test
  void anndataDefaultsToXPca() throws Exception {
    TimeCourseLoader.Loaded l = TimeCourseLoader.load(fixture("tiny_course.h5ad"), "day", null, false, false);
    assertArrayEquals(new String[] {"X_pca_1", "X_pca_2", "X_pca_3"}, l.features());
    // obsm X_pca = [2 g1, -g2, 1]
    assertArrayEquals(new float[] {2, -1, 1, 6, -1, 1, 12, 0, 1}, l.course().snapshot(0).data, 0f);
    assertEquals("tiny_course.h5ad: 7 cells, 3 time points (day), 3 dimensions from obsm/X_pca", l.description());
  }

  @Test
  void anndataXWithAnOrderedCategoricalTime() throws Exception {
    TimeCourseLoader.Loaded l = TimeCourseLoader.load(fixture("tiny_course.h5ad"), "stage", "columns", false, false);
    // early < mid < late become 0, 1, 2
    assertArrayEquals(new double[] {0, 1, 2}, l.course().times());
    assertArrayEquals(DAY0, l.course().snapshot(0).data, 0f);
    assertArrayEquals(DAY3, l.course().snapshot(2).data, 0f);
    assertArrayEquals(new String[] {"g1", "g2"}, l.features());
  }

  @Test
  void anndataObsmKeyWithPrefixAndPrincipalComponents() throws Exception {
    TimeCourseLoader.Loaded obsm = TimeCourseLoader.load(fixture("tiny_course.h5ad"), "day", "obsm/X_pca", false, false);
    assertArrayEquals(new float[] {20, 0, 1, 28, 0, 1}, obsm.course().snapshot(1).data, 0f);
    TimeCourseLoader.Loaded pca = TimeCourseLoader.load(fixture("tiny_course.h5ad"), "day", "pca:1", false, false);
    assertArrayEquals(new String[] {"PC1"}, pca.features());
    assertEquals(1, pca.course().dim());
    double sum = 0;
    for (float v : pca.course().stacked().data) {
      sum += v;
    }
    assertEquals(0, sum, 1e-3, "principal component scores are centred");
  }

  @Test
  void refusals(@TempDir Path dir) throws Exception {
    Path h5ad = fixture("tiny_course.h5ad");
    Path csv = fixture("tiny_course.csv");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TimeCourseLoader.load(h5ad, null, null, false, false));
    assertEquals(h5ad + ": an AnnData file needs a time key (an obs column)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TimeCourseLoader.load(csv, "day", "pca:2", false, false));
    assertTrue(e.getMessage().startsWith(csv.toString()), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TimeCourseLoader.load(h5ad, "day", "pca:0", false, false));
    Path json = Files.writeString(dir.resolve("course.json"), "{}");
    e = assertThrows(IllegalArgumentException.class, () -> TimeCourseLoader.load(json, "day", null, false, false));
    assertEquals(json + ": expected a .csv, .tsv or .h5ad file", e.getMessage());
  }
}
