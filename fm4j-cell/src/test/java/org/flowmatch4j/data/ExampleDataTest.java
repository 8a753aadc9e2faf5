package org.flowmatch4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.junit.jupiter.api.Test;

/**
 * The example data of {@code examples/}: the shipped count file reads as the README says, and the
 * checksums in {@code examples/README.md} match the shipped file and (where the shared data are
 * present) the time course the README downloads.
 */
class ExampleDataTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final Path SHARED = Path.of(System.getProperty("fm4j.shared.data", "../../shared/data"));

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
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
  void theShippedFileMatchesTheChecksumInTheReadme() throws IOException, NoSuchAlgorithmException {
    String line = sha256(EXAMPLES.resolve("pbmc_counts.h5ad")) + "  pbmc_counts.h5ad";
    assertTrue(Files.readString(EXAMPLES.resolve("README.md")).contains(line), "examples/README.md lacks '" + line + "'");
  }

  @Test
  void theDownloadedTimeCourseIsTheSharedOneWithThreeTimePoints() throws IOException, NoSuchAlgorithmException {
    Path course = SHARED.resolve("mouse_hematopoiesis.csv");
    assumeTrue(Files.isRegularFile(course), "shared data absent: " + course.toAbsolutePath());
    String line = sha256(course) + "  examples/mouse_hematopoiesis.csv";
    for (Path readme : new Path[] {EXAMPLES.resolve("README.md"), Path.of("..", "README.md")}) {
      assertTrue(Files.readString(readme).contains(line), readme + " lacks '" + line + "'");
    }
    TimeCourseLoader.Loaded l = TimeCourseLoader.load(course, null, null, false, false);
    assertEquals(3, l.course().size());
    assertEquals(10_998, l.course().cells());
  }
}
