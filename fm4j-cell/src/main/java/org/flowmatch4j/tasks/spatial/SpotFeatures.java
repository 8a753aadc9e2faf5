package org.flowmatch4j.tasks.spatial;

import java.util.List;
import org.flowmatch4j.tensor.Matrix;

/**
 * Per-spot image features: the {@link DiscStatistics} of the spot's disc at each scale s (the disc
 * of radius {@code s r} around the centre, r half the spot diameter, sampled every s pixels), then
 * the same averaged over the spot's k nearest spots. A spot is thus described by {@code
 * DiscStatistics.COUNT * scales} own values and as many of its neighbourhood.
 */
public final class SpotFeatures {
  private SpotFeatures() {}

  /**
   * The section's spots x (2 COUNT scales) features: own discs at every scale, then their mean over
   * the k nearest spots.
   */
  public static Matrix of(Section s, int k, List<Integer> scales) {
    return withNeighbours(discs(s, scales), s.xy(), k);
  }

  /** Pixels decoded at once at most: larger images are read in bands of rows. */
  static final long BAND_PIXELS = 1L << 27;

  /**
   * Each spot's own features (spots x COUNT scales, scale after scale); a centre outside the image
   * is an error naming the first such spot. Only the pixels under the discs are decoded: the
   * bounding box of the discs, in bands of rows of at most {@link #BAND_PIXELS} pixels.
   */
  public static Matrix discs(Section s, List<Integer> scales) {
    return discs(s, scales, BAND_PIXELS);
  }

  static Matrix discs(Section s, List<Integer> scales, long bandPixels) {
    ImageFile img = s.image();
    Matrix xy = s.xy();
    String[] spots = s.counts().obs().index();
    int n = xy.rows;
    for (int i = 0; i < n; i++) {
      double x = xy.data[2 * i];
      double y = xy.data[2 * i + 1];
      if (x < 0 || y < 0 || x >= img.width() || y >= img.height()) {
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
            "%s: spot %s at (%.1f, %.1f) image pixels lies outside the %d x %d image %s", s.counts().source(),
            spots[i], x, y, img.width(), img.height(), img.path()));
      }
    }
    int per = DiscStatistics.COUNT * scales.size();
    Matrix out = new Matrix(n, per);
    double r = Math.max(1, s.spotDiameter() / 2);
    int margin = (int) Math.ceil(r * scales.stream().mapToInt(Integer::intValue).max().orElse(1)) + 1;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Float.compare(xy.data[2 * a + 1], xy.data[2 * b + 1]));
    int start = 0;
    while (start < n) {
      double top = xy.data[2 * order[start] + 1];
      int minX = Integer.MAX_VALUE;
      int maxX = Integer.MIN_VALUE;
      int end = start;
      long rows = Math.max(1, bandPixels / img.width() - 2L * margin);
      while (end < n && xy.data[2 * order[end] + 1] < top + rows) {
        minX = Math.min(minX, (int) Math.floor(xy.data[2 * order[end]]));
        maxX = Math.max(maxX, (int) Math.ceil(xy.data[2 * order[end]]));
        end++;
      }
      double bottom = xy.data[2 * order[end - 1] + 1];
      int y0 = (int) Math.floor(top) - margin;
      SpotImage part = img.read(new java.awt.Rectangle(minX - margin, y0, maxX - minX + 2 * margin + 1,
          (int) Math.ceil(bottom) + margin - y0 + 1));
      int from = start;
      java.util.stream.IntStream.range(start, end).parallel().forEach(q -> {
        int i = order[q];
        for (int k = 0; k < scales.size(); k++) {
          int sc = scales.get(k);
          DiscStatistics.compute(part, xy.data[2 * i], xy.data[2 * i + 1], r * sc, sc, out.data,
              i * per + k * DiscStatistics.COUNT);
        }
      });
      start = end;
    }
    return out;
  }

  /**
   * {@code [own | mean of the k nearest other spots' own]} by Euclidean distance of the centres;
   * k is capped at spots - 1 (a one-spot section repeats its own features).
   */
  public static Matrix withNeighbours(Matrix own, Matrix xy, int k) {
    int n = own.rows;
    int f = own.cols;
    int kk = Math.min(k, n - 1);
    Matrix out = new Matrix(n, 2 * f);
    for (int i = 0; i < n; i++) {
      System.arraycopy(own.data, i * f, out.data, i * 2 * f, f);
      int[] nb = Neighbours.nearest(xy, i, kk);
      for (int j : nb.length == 0 ? new int[] {i} : nb) {
        for (int c = 0; c < f; c++) {
          out.data[i * 2 * f + f + c] += own.data[j * f + c] / Math.max(1, nb.length);
        }
      }
    }
    return out;
  }
}
