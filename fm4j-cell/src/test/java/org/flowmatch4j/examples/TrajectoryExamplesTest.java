package org.flowmatch4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.testing.DocSnippets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the trajectory example of {@code docs/library.md} (a saved and loaded flow predicts the same
 * cells bit for bit) and checks that the page shows it as it is.
 */
class TrajectoryExamplesTest {
  @TempDir Path dir;

  @Test
  void theDocumentedExampleIsTheCompiledOne() throws Exception {
    DocSnippets.assertShown(
        Path.of("src/test/java/org/flowmatch4j/examples/TrajectoryExamples.java"), Path.of("../docs/library.md"));
  }

  @Test
  void dayOneCellsLandOnDayTwo() {
    Matrix p = TrajectoryExamples.predictDay2(dir);
    assertEquals(200, p.rows);
    double mx = 0;
    double my = 0;
    for (int i = 0; i < p.rows; i++) {
      mx += p.get(i, 0);
      my += p.get(i, 1);
    }
    mx /= p.rows;
    my /= p.rows;
    // day 2 is centred at (2, 2 sin 2) = (2, 1.819); day 1 at (1, 1.683)
    assertEquals(2.0, mx, 0.15, "mean of the first coordinate");
    assertEquals(2 * Math.sin(2), my, 0.15, "mean of the second coordinate");
    assertTrue(Math.abs(mx - 1.0) > 0.5, "the cells moved");
  }
}
