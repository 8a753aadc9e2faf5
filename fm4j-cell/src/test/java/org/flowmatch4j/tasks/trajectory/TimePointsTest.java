package org.flowmatch4j.tasks.trajectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flowmatch4j.fm.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A time column that looks like a continuous measurement is refused unless the caller insists. */
class TimePointsTest {
  @TempDir Path dir;

  /** A table without a time column: n cells with 2 continuous features, x1 first. */
  private Path noTimeColumn(int n) throws IOException {
    StringBuilder s = new StringBuilder("x1,x2\n");
    for (int i = 0; i < n; i++) {
      s.append(0.37 * i).append(',').append(Math.sin(i)).append('\n');
    }
    Path f = dir.resolve("nt.csv");
    Files.writeString(f, s);
    return f;
  }

  @Test
  void aFeatureTakenForTimeIsRefusedWithTheReason() throws IOException {
    Path f = noTimeColumn(120);
    InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> TimeCourseLoader.load(f, null, null, false, false));
    assertEquals(f + ": time column 'x1' (the first column) has 120 distinct values among 120 cells (120 of them held by a"
        + " single cell), which looks like a continuous measurement rather than the time points of a time course; name the"
        + " time column with --time-key, or pass --many-time-points to use it as it is", e.message(s -> "--" + s));
    TimeCourseLoader.Loaded l = TimeCourseLoader.load(f, null, null, false, true);
    assertEquals(120, l.course().size());
  }

  @Test
  void mostlyOneCellPerValueIsRefusedBelowTheCountLimit() {
    double[] t = new double[30];
    for (int i = 0; i < t.length; i++) {
      t[i] = i < 10 ? 0 : i; // 21 values, 20 of them single cells
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimePoints.requireDiscrete(t, "t"));
    assertTrue(e.getMessage().startsWith("t has 21 distinct values among 30 cells (20 of them"), e.getMessage());
  }

  @Test
  void timeCoursesAndShortCoursesOfTinySnapshotsPass() {
    double[] course = new double[2000];
    for (int i = 0; i < course.length; i++) {
      course[i] = i % (TimePoints.MAX_TIME_POINTS); // 100 time points of 20 cells
    }
    TimePoints.requireDiscrete(course, "t");
    TimePoints.requireDiscrete(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, "t"); // 10 single cells
    double[] halfSingles = new double[40];
    for (int i = 0; i < halfSingles.length; i++) {
      halfSingles[i] = i < 30 ? i % 6 : 10 + i; // 6 shared values and 10 singles: 10 of 16, refused
    }
    assertThrows(IllegalArgumentException.class, () -> TimePoints.requireDiscrete(halfSingles, "t"));
    double[] fewSingles = new double[40];
    for (int i = 0; i < fewSingles.length; i++) {
      fewSingles[i] = i < 34 ? i % 6 : 10 + i; // 6 shared values and 6 singles: 6 of 12, accepted
    }
    TimePoints.requireDiscrete(fewSingles, "t");
  }
}
