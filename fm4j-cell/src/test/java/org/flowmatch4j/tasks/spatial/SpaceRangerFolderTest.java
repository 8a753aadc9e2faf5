package org.flowmatch4j.tasks.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Space Ranger folder reads as the same section as the {@code .h5ad} it was written from. */
class SpaceRangerFolderTest {
  @TempDir Path dir;

  @Test
  void h5WithHeaderAndMtxWithoutReadAsTheH5adSection() throws Exception {
    Path h5ad = SpatialSections.write(dir, "A", 1);
    Section expected = Section.read(h5ad, null);
    for (boolean h5 : new boolean[] {true, false}) {
      Path folder = SpaceRangerFixture.write(h5ad, dir, h5 ? "sr_h5" : "sr_mtx", h5, h5);
      Section s = Section.read(folder, null);
      assertEquals(folder.getFileName().toString(), s.name());
      assertArrayEquals(expected.counts().obs().index(), s.counts().obs().index());
      assertArrayEquals(expected.counts().var().index(), s.counts().var().index());
      assertArrayEquals(expected.counts().requireX().toDense().data, s.counts().requireX().toDense().data);
      assertArrayEquals(expected.xy().data, s.xy().data, 1e-4f);
      assertEquals(expected.spotDiameter(), s.spotDiameter(), 1e-9);
      assertEquals(expected.image().width(), s.image().width());
      Matrix a = SpotFeatures.of(expected, 2, List.of(1, 2));
      Matrix b = SpotFeatures.of(s, 2, List.of(1, 2));
      assertArrayEquals(a.data, b.data, 1e-4f);
    }
  }

  @Test
  void aSpotWithoutCoordinatesIsNamed() throws Exception {
    Path h5ad = SpatialSections.write(dir, "A", 1);
    Path folder = SpaceRangerFixture.write(h5ad, dir, "sr", true, true);
    Path pos = folder.resolve("spatial/tissue_positions.csv");
    List<String> lines = Files.readAllLines(pos);
    lines.removeIf(l -> l.startsWith("A_spot7,"));
    Files.write(pos, lines);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Section.read(folder, null));
    assertTrue(e.getMessage().contains("spot A_spot7") && e.getMessage().contains("no coordinates"), e.getMessage());
  }

  @Test
  void negativeCountsInTheMatrixAreNamed() throws Exception {
    Path h5ad = SpatialSections.write(dir, "A", 1);
    Path folder = SpaceRangerFixture.write(h5ad, dir, "sr", false, false);
    Path mtx = folder.resolve("filtered_feature_bc_matrix/matrix.mtx");
    List<String> lines = Files.readAllLines(mtx);
    lines.set(2, lines.get(2).replaceFirst(" (\\d+)$", " -$1"));
    Files.write(mtx, lines);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Section.read(folder, null));
    assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("not a count"), e.getMessage());
  }
}
