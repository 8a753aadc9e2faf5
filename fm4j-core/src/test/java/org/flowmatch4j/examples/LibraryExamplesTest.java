package org.flowmatch4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.testing.DocSnippets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the examples of {@code docs/library.md} and checks that the page shows them as they are. */
class LibraryExamplesTest {
  @TempDir Path dir;

  @Test
  void theDocumentedExamplesAreTheCompiledOnes() throws Exception {
    DocSnippets.assertShown(
        Path.of("src/test/java/org/flowmatch4j/examples/LibraryExamples.java"), Path.of("../docs/library.md"));
  }

  @Test
  void sampledMeanLandsOnTheTarget() {
    Matrix g = LibraryExamples.trainAndSample();
    assertEquals(1000, g.rows);
    double mx = 0;
    double my = 0;
    for (int i = 0; i < g.rows; i++) {
      mx += g.get(i, 0);
      my += g.get(i, 1);
    }
    mx /= g.rows;
    my /= g.rows;
    // the target blob is centred at (4, -2) with sd 0.5: its sample mean is within 0.05 of that
    assertEquals(4.0, mx, 0.15, "mean x of the generated points");
    assertEquals(-2.0, my, 0.15, "mean y of the generated points");
  }

  @Test
  void likelihoodAndFileRoundTrip() {
    double[] r = LibraryExamples.likelihoodAndFiles(dir);
    assertTrue(Double.isFinite(r[0]) && Double.isFinite(r[1]));
  }
}
