package org.flowmatch4j.tasks.spatial;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * An RGB image read with {@code javax.imageio} (JPEG, PNG, BMP, GIF and, on Java 9+, TIFF), held as
 * packed {@code 0xRRGGBB} pixels, row-major (height x width).
 *
 * @param path where it was read from
 * @param width pixels per row
 * @param height rows
 * @param rgb packed pixels, length width * height
 */
public record SpotImage(Path path, int width, int height, int[] rgb) {

  /** Reads {@code path}; an unreadable or unknown format is an error naming the file. */
  public static SpotImage read(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(path + ": no such image file");
    }
    BufferedImage img;
    try {
      img = ImageIO.read(path.toFile());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(path + ": cannot read the image (" + e.getMessage() + ")");
    }
    if (img == null) {
      throw new IllegalArgumentException(path + ": not an image format this reader knows (expected JPEG, PNG or TIFF)");
    }
    int w = img.getWidth();
    int h = img.getHeight();
    int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
    return new SpotImage(path, w, h, rgb);
  }

  /** The packed pixel at column x, row y. */
  public int at(int x, int y) {
    return rgb[y * width + x];
  }
}
