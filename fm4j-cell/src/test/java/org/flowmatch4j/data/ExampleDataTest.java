package org.flowmatch4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import org.flowmatch4j.data.counts.CountLayer;
import org.flowmatch4j.data.counts.Counts;
import org.flowmatch4j.tasks.trajectory.TimeCourseLoader;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** The example data shipped in {@code examples/} read as the README says, and match their listed checksums. */
class ExampleDataTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void theTimeCourseHasThreeTimePointsOfAThousandCells() throws IOException {
    TimeCourseLoader.Loaded l = TimeCourseLoader.load(EXAMPLES.resolve("mouse_hematopoiesis.csv"), null, null, false, false);
    assertArrayEquals(new double[] {0, 1, 2}, l.course().times());
    for (int k = 0; k < 3; k++) {
      assertEquals(1000, l.course().snapshot(k).rows);
    }
    assertArrayEquals(new String[] {"x1", "x2"}, l.features());
  }

  @Test
  void thePointCloudsAreThreeHundredCellsInTwoDimensions() throws IOException {
    for (String name : new String[] {"hematopoiesis_t0.csv", "hematopoiesis_t2.csv"}) {
      Matrix m = PointClouds.read(EXAMPLES.resolve(name), null, null);
      assertEquals(300, m.rows);
      assertEquals(2, m.cols);
    }
  }

  @Test
  void theCountExampleHoldsIntegerCountsOfSevenHundredLabelledCells() {
    AnnData a = Counts.read(EXAMPLES.resolve("pbmc_counts.h5ad"), CountLayer.X);
    assertEquals(700, a.nObs());
    assertEquals(200, a.nVars());
    assertEquals(10, new HashSet<>(Arrays.asList(a.obsLabels("bulk_labels"))).size());
    assertTrue(Arrays.stream(Counts.librarySize(a)).allMatch(l -> l > 0), "every cell has counts");
  }

  @Test
  void everyShippedFileMatchesTheChecksumInTheReadme() throws IOException, NoSuchAlgorithmException {
    String readme = Files.readString(EXAMPLES.resolve("README.md"));
    for (String name : new String[] {"mouse_hematopoiesis.csv", "hematopoiesis_t0.csv", "hematopoiesis_t2.csv", "pbmc_counts.h5ad"}) {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(EXAMPLES.resolve(name)));
      String line = HexFormat.of().formatHex(digest) + "  " + name;
      assertTrue(readme.contains(line), "examples/README.md lacks '" + line + "'");
    }
  }
}
