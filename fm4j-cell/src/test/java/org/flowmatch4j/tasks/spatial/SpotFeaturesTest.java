package org.flowmatch4j.tasks.spatial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpotFeaturesTest {
  @TempDir Path dir;

  @Test
  void unmixingInvertsTheStainMatrix() {
    double[][] m = {{0.65, 0.70, 0.29}, {0.07, 0.99, 0.11}, {0.27, 0.57, 0.78}};
    double[][] inv = DiscStatistics.invert(m);
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
    double[] v = DiscStatistics.unmix(c);
    assertEquals(0.5, v[0], 0.01);
    assertEquals(0, v[1], 0.01);
    double[] white = DiscStatistics.unmix(new int[] {255, 255, 255});
    assertEquals(0, white[0], 1e-12);
    assertEquals(0, white[1], 1e-12);
  }

  @Test
  void uniformDiscsHaveTheirColourNoSpreadAndNoContrast() throws Exception {
    Section s = Section.read(SpatialSections.write(dir, "A", 1), null);
    assertEquals(12, s.spotDiameter(), 1e-9); // 24 full-resolution pixels at half scale
    Matrix f = SpotFeatures.discs(s, List.of(1));
    int n = DiscStatistics.COUNT;
    assertEquals(n, f.cols);
    for (int i = 0; i < s.spots(); i++) {
      int p = s.image().readAll().at((int) s.xy().data[2 * i], (int) s.xy().data[2 * i + 1]);
      int[] c = {(p >> 16) & 255, (p >> 8) & 255, p & 255};
      assertEquals(c[0] / 255.0, f.data[i * n], 1e-6);
      assertEquals(c[2] / 255.0, f.data[i * n + 4], 1e-6);
      for (int k = 1; k < 6; k += 2) {
        assertEquals(0, f.data[i * n + k], 1e-3, "sd of a uniform disc");
      }
      double h = DiscStatistics.unmix(c)[0];
      assertEquals(h, f.data[i * n + 6], 1e-5, "mean H");
      for (int k = 8; k <= 10; k++) {
        assertEquals(h, f.data[i * n + k], 0.5 * (DiscStatistics.HIGH - DiscStatistics.LOW) / DiscStatistics.BINS + 1e-6,
            "H percentiles of a uniform disc are its H");
      }
      double grey = (c[0] + c[1] + c[2]) / 765.0;
      assertEquals(grey < 0.5 ? 1 : 0, f.data[i * n + 17], 1e-9);
      for (int k = 20; k < 26; k++) {
        assertEquals(0, f.data[i * n + k], 1e-9, "contrast of a uniform disc");
      }
      assertEquals(h > 0.5 ? 1000.0 / discPixels(s, i) : 0, f.data[i * n + 26], 1e-3, "one region or none");
      assertEquals(h > 0.5 ? 1 : 0, f.data[i * n + 27], 1e-9);
      assertEquals(0, f.data[i * n + 28], 1e-9, "no edges inside a uniform disc");
    }
  }

  @Test
  void stainedRegionsAreCountedAndPercentilesFollowTheHistogram() {
    // 2 x 2 squares of dark pixels separated by white ones: four 4-connected regions
    int w = 9;
    int[] rgb = new int[w * w];
    java.util.Arrays.fill(rgb, 0xFFFFFF);
    for (int[] o : new int[][] {{1, 1}, {5, 1}, {1, 5}, {5, 5}}) {
      for (int y = o[1]; y < o[1] + 2; y++) {
        for (int x = o[0]; x < o[0] + 2; x++) {
          rgb[y * w + x] = 0x202060;
        }
      }
    }
    SpotImage img = new SpotImage(dir.resolve("x.png"), w, w, rgb);
    float[] out = new float[DiscStatistics.COUNT];
    DiscStatistics.compute(img, 4.5, 4.5, 100, 1, out, 0); // the disc covers the whole image
    assertEquals(1000.0 * 4 / 81, out[26], 1e-3);
    assertEquals(16.0 / 81, out[27], 1e-6);
    int[] hist = new int[DiscStatistics.BINS];
    hist[10] = 3;
    hist[20] = 7;
    double width = (DiscStatistics.HIGH - DiscStatistics.LOW) / DiscStatistics.BINS;
    assertEquals(DiscStatistics.LOW + 10.5 * width, DiscStatistics.percentile(hist, 10, 0.3), 1e-12);
    assertEquals(DiscStatistics.LOW + 20.5 * width, DiscStatistics.percentile(hist, 10, 0.31), 1e-12);
  }

  @Test
  void readingInBandsOfRowsGivesTheFeaturesOfOneRead() throws Exception {
    Section s = Section.read(SpatialSections.write(dir, "A", 1), null);
    Matrix whole = SpotFeatures.discs(s, List.of(1, 2, 4));
    Matrix bands = SpotFeatures.discs(s, List.of(1, 2, 4), 160L * 60); // bands of a few spot rows
    assertEquals(whole.rows, bands.rows);
    for (int q = 0; q < whole.data.length; q++) {
      assertEquals(whole.data[q], bands.data[q], 0f, "value " + q);
    }
  }

  @Test
  void anUnreadableImageIsNamed() throws Exception {
    Path bad = dir.resolve("bad.jpg");
    java.nio.file.Files.writeString(bad, "not an image");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFile.open(bad));
    assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
  }

  private static int discPixels(Section s, int i) {
    double r = s.spotDiameter() / 2;
    double cx = s.xy().data[2 * i];
    double cy = s.xy().data[2 * i + 1];
    int n = 0;
    for (int y = 0; y < s.image().height(); y++) {
      for (int x = 0; x < s.image().width(); x++) {
        double dx = x + 0.5 - cx;
        double dy = y + 0.5 - cy;
        n += dx * dx + dy * dy <= r * r ? 1 : 0;
      }
    }
    return n;
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
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpotFeatures.discs(s, List.of(1)));
    assertTrue(e.getMessage().contains("spot A_spot5") && e.getMessage().contains("outside"), e.getMessage());
  }
}
