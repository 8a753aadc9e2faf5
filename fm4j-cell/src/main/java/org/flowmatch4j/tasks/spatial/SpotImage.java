package org.flowmatch4j.tasks.spatial;

/**
 * A decoded rectangle of an image ({@link ImageFile#read}), held as packed {@code 0xRRGGBB} pixels,
 * row-major; pixels are addressed in the whole image's coordinates.
 *
 * @param path where it was read from
 * @param width pixels per row of the whole image
 * @param height rows of the whole image
 * @param x0 first column held
 * @param y0 first row held
 * @param regionWidth columns held
 * @param regionHeight rows held
 * @param rgb packed pixels, length regionWidth * regionHeight
 */
public record SpotImage(java.nio.file.Path path, int width, int height, int x0, int y0, int regionWidth,
    int regionHeight, int[] rgb) {

  /** A whole image held in memory. */
  public SpotImage(java.nio.file.Path path, int width, int height, int[] rgb) {
    this(path, width, height, 0, 0, width, height, rgb);
  }

  /** The packed pixel at column x, row y of the whole image (inside the region held). */
  public int at(int x, int y) {
    return rgb[(y - y0) * regionWidth + x - x0];
  }
}
