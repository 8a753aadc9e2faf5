package org.flowmatch4j.tasks.spatial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpotFeaturesTest {
  @TempDir Path dir;

  @Test
  void unmixingInvertsTheStainMatrix() {
    double[][] m = {{0.65, 0.70, 0.29}, {0.07, 0.99, 0.11}, {0.27, 0.57, 0.78}};
    double[][] inv = SpotFeatures.invert(m);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double s = 0;
        for (int k = 0; k < 3; k++) {
          s += m[i][k] * inv[k][j];
        }
        assertEquals(i == j ? 1 : 0, s, 1e-12);
      }
    }
  }

  @Test
  void pureStainsUnmixToOneConcentration() {
    // a pixel whose optical density is 0.5 times the unit haematoxylin vector: H = 0.5, E = 0
    double n = Math.sqrt(0.65 * 0.65 + 0.70 * 0.70 + 0.29 * 0.29);
    double[] h = {0.65 / n, 0.70 / n, 0.29 / n};
    int[] c = new int[3];
    for (int k = 0; k < 3; k++) {
      c[k] = (int) Math.round(256 * Math.pow(10, -0.5 * h[k]) - 1);
    }
    double[] v = SpotFeatures.pixel((c[0] << 16) | (c[1] << 8) | c[2]);
    assertEquals(0.5, v[3], 0.01);
    assertEquals(0, v[4], 0.01);
    double[] white = SpotFeatures.pixel(0xFFFFFF);
    assertEquals(0, white[3], 1e-12);
    assertEquals(0, white[4], 1e-12);
  }

  @Test
  void uniformDiscsHaveTheirColourNoSpreadAndNoContrast() throws Exception {
    Section s = Section.read(SpatialSections.write(dir, "A", 1), null);
    assertEquals(12, s.spotDiameter(), 1e-9); // 24 full-resolution pixels at half scale
    Matrix f = SpotFeatures.discs(s);
    int[] rgb = s.image().rgb();
    for (int i = 0; i < s.spots(); i++) {
      int p = s.image().at((int) s.xy().data[2 * i], (int) s.xy().data[2 * i + 1]);
      assertEquals(((p >> 16) & 255) / 255.0, f.data[i * 12], 1e-6);
      assertEquals((p & 255) / 255.0, f.data[i * 12 + 2], 1e-6);
      for (int k = 3; k < 6; k++) {
        assertEquals(0, f.data[i * 12 + k], 1e-3, "sd of a uniform disc");
      }
      assertEquals(0, f.data[i * 12 + 11], 1e-9, "contrast of a uniform disc");
      double grey = (((p >> 16) & 255) + ((p >> 8) & 255) + (p & 255)) / 765.0;
      assertEquals(grey < 0.5 ? 1 : 0, f.data[i * 12 + 10], 1e-9);
    }
    assertTrue(rgb.length == 160 * 160);
  }

  @Test
  void neighbourFeaturesAreTheMeanOfTheNearestSpots() {
    Matrix own = new Matrix(4, 1, new float[] {1, 2, 4, 8});
    Matrix xy = new Matrix(4, 2, new float[] {0, 0, 1, 0, 3, 0, 10, 0});
    Matrix f = SpotFeatures.withNeighbours(own, xy, 2);
    assertEquals(1, f.data[0]);
    assertEquals(3, f.data[1], 1e-6); // spots 1 and 2
    assertEquals(2.5, f.data[3], 1e-6); // spot 1: spots 0 and 2
    assertEquals(3, f.data[7], 1e-6); // spot 3: spots 2 and 1
  }

  @Test
  void aSpotOutsideTheImageIsNamed() throws Exception {
    Section s = Section.read(SpatialSections.write(dir, "A", 1), null);
    s.xy().data[2 * 5] = 500;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpotFeatures.discs(s));
    assertTrue(e.getMessage().contains("spot A_spot5") && e.getMessage().contains("outside"), e.getMessage());
  }
}
