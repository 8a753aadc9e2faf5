package org.flowmatch4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.flowmatch4j.tasks.perturbation.PerturbationFlow;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.testing.DocSnippets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the perturbation example of {@code docs/library.md}: a cell type never seen stimulated is
 * predicted where the shared stimulus moves it, and a saved flow predicts the same bit for bit.
 */
class PerturbationExamplesTest {
  @TempDir Path dir;

  @Test
  void theDocumentedExampleIsTheCompiledOne() throws Exception {
    DocSnippets.assertShown(
        Path.of("src/test/java/org/flowmatch4j/examples/PerturbationExamples.java"), Path.of("../docs/library.md"));
  }

  @Test
  void anUnseenCellTypeMovesByTheSharedStimulus() {
    Matrix p = PerturbationExamples.predictStimulatedC(dir);
    assertEquals(150, p.rows);
    double[] mean = new double[2];
    for (int i = 0; i < p.rows; i++) {
      mean[0] += p.get(i, 0) / p.rows;
      mean[1] += p.get(i, 1) / p.rows;
    }
    double[] c = PerturbationExamples.CENTRES[2];
    // stimulated C is centred at (1 + 2, 4 - 1); its control cells at (1, 4)
    assertEquals(c[0] + PerturbationExamples.SHIFT[0], mean[0], 0.4, "mean of the first coordinate");
    assertEquals(c[1] + PerturbationExamples.SHIFT[1], mean[1], 0.4, "mean of the second coordinate");
    PerturbationFlow loaded = PerturbationFlow.load(dir.resolve("perturbation.fm4j"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> loaded.predict(new Matrix(1, 2), "cold", 1));
    assertEquals("unknown condition 'cold'; the flow knows [stimulated]", e.getMessage());
  }
}
