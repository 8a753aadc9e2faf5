package org.flowmatch4j.tasks.spatial;

import org.flowmatch4j.tensor.Matrix;

/**
 * Per-spot image features from the pixels inside the spot's disc (diameter {@code
 * spotDiameter}, centre {@code xy}), then the same averaged over the spot's k nearest spots:
 *
 * <ul>
 *   <li>RGB mean and standard deviation, channels in [0, 1] (6);
 *   <li>haematoxylin and eosin concentration by Ruifrok–Johnston colour deconvolution, mean and
 *       standard deviation (4): optical density {@code OD_c = -log10((I_c + 1) / 256)} per channel,
 *       concentrations {@code [H, E, D] = OD M^-1}, the rows of M the unit stain vectors H (0.65,
 *       0.70, 0.29), E (0.07, 0.99, 0.11), DAB (0.27, 0.57, 0.78);
 *   <li>a nuclei-density proxy: the fraction of pixels with grey level {@code (R + G + B) / 3 < 0.5} (1);
 *   <li>texture: the grey-level co-occurrence contrast {@code mean (g_p - g_q)^2} over horizontally
 *       and vertically adjacent pixel pairs p, q of the disc, grey quantised to 8 levels (1).
 * </ul>
 *
 * A spot is thus described by {@link #PER_SPOT} values and its neighbourhood by as many again.
 */
public final class SpotFeatures {
  /** Features of one spot's own disc. */
  public static final int PER_SPOT = 12;

  private static final double[][] STAINS = {
    unit(0.65, 0.70, 0.29), unit(0.07, 0.99, 0.11), unit(0.27, 0.57, 0.78)
  };
  private static final double[][] UNMIX = invert(STAINS);

  private SpotFeatures() {}

  /** The section's spots x (2 PER_SPOT) features: own disc, then the mean over the k nearest spots. */
  public static Matrix of(Section s, int k) {
    Matrix own = discs(s);
    return withNeighbours(own, s.xy(), k);
  }

  /**
   * Each spot's own features (spots x PER_SPOT); a centre outside the image is an error naming
   * the first such spot.
   */
  public static Matrix discs(Section s) {
    SpotImage img = s.image();
    Matrix xy = s.xy();
    String[] spots = s.counts().obs().index();
    for (int i = 0; i < xy.rows; i++) {
      double x = xy.data[2 * i];
      double y = xy.data[2 * i + 1];
      if (x < 0 || y < 0 || x >= img.width() || y >= img.height()) {
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
            "%s: spot %s at (%.1f, %.1f) image pixels lies outside the %d x %d image %s", s.counts().source(),
            spots[i], x, y, img.width(), img.height(), img.path()));
      }
    }
    Matrix out = new Matrix(xy.rows, PER_SPOT);
    double r = Math.max(1, s.spotDiameter() / 2);
    java.util.stream.IntStream.range(0, xy.rows).parallel()
        .forEach(i -> disc(img, xy.data[2 * i], xy.data[2 * i + 1], r, out.data, i * PER_SPOT));
    return out;
  }

  private static void disc(SpotImage img, double cx, double cy, double r, float[] out, int at) {
    int x0 = Math.max(0, (int) Math.floor(cx - r));
    int x1 = Math.min(img.width() - 1, (int) Math.ceil(cx + r));
    int y0 = Math.max(0, (int) Math.floor(cy - r));
    int y1 = Math.min(img.height() - 1, (int) Math.ceil(cy + r));
    double[] sum = new double[5];
    double[] sq = new double[5];
    double dark = 0;
    double contrast = 0;
    long pairs = 0;
    long n = 0;
    double r2 = r * r;
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        if (!inside(x, y, cx, cy, r2)) {
          continue;
        }
        int p = img.at(x, y);
        double[] v = pixel(p);
        for (int c = 0; c < 5; c++) {
          sum[c] += v[c];
          sq[c] += v[c] * v[c];
        }
        double grey = (v[0] + v[1] + v[2]) / 3;
        if (grey < 0.5) {
          dark++;
        }
        int g = level(p);
        if (x + 1 <= x1 && inside(x + 1, y, cx, cy, r2)) {
          int d = g - level(img.at(x + 1, y));
          contrast += d * d;
          pairs++;
        }
        if (y + 1 <= y1 && inside(x, y + 1, cx, cy, r2)) {
          int d = g - level(img.at(x, y + 1));
          contrast += d * d;
          pairs++;
        }
        n++;
      }
    }
    for (int c = 0; c < 3; c++) {
      double m = sum[c] / n;
      out[at + c] = (float) m;
      out[at + 3 + c] = (float) Math.sqrt(Math.max(0, sq[c] / n - m * m));
    }
    for (int c = 3; c < 5; c++) {
      double m = sum[c] / n;
      out[at + 6 + 2 * (c - 3)] = (float) m;
      out[at + 7 + 2 * (c - 3)] = (float) Math.sqrt(Math.max(0, sq[c] / n - m * m));
    }
    out[at + 10] = (float) (dark / n);
    out[at + 11] = (float) (pairs == 0 ? 0 : contrast / pairs);
  }

  private static boolean inside(int x, int y, double cx, double cy, double r2) {
    double dx = x + 0.5 - cx;
    double dy = y + 0.5 - cy;
    return dx * dx + dy * dy <= r2;
  }

  /** Grey level of a packed pixel quantised to 0..7. */
  private static int level(int p) {
    int grey = (((p >> 16) & 255) + ((p >> 8) & 255) + (p & 255)) / 3;
    return grey >> 5;
  }

  /** {R, G, B in [0, 1], H, E} of a packed pixel. */
  static double[] pixel(int p) {
    int[] c = {(p >> 16) & 255, (p >> 8) & 255, p & 255};
    double[] od = new double[3];
    for (int k = 0; k < 3; k++) {
      od[k] = -Math.log10((c[k] + 1) / 256.0);
    }
    double h = od[0] * UNMIX[0][0] + od[1] * UNMIX[1][0] + od[2] * UNMIX[2][0];
    double e = od[0] * UNMIX[0][1] + od[1] * UNMIX[1][1] + od[2] * UNMIX[2][1];
    return new double[] {c[0] / 255.0, c[1] / 255.0, c[2] / 255.0, h, e};
  }

  /**
   * {@code [own | mean of the k nearest other spots' own]} by Euclidean distance of the centres;
   * k is capped at spots - 1 (a one-spot section repeats its own features).
   */
  static Matrix withNeighbours(Matrix own, Matrix xy, int k) {
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

  private static double[] unit(double a, double b, double c) {
    double n = Math.sqrt(a * a + b * b + c * c);
    return new double[] {a / n, b / n, c / n};
  }

  /** The inverse of a 3 x 3 matrix by cofactors. */
  static double[][] invert(double[][] m) {
    double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    double[][] inv = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        int a = (j + 1) % 3;
        int b = (j + 2) % 3;
        int c = (i + 1) % 3;
        int d = (i + 2) % 3;
        inv[i][j] = (m[a][c] * m[b][d] - m[a][d] * m[b][c]) / det;
      }
    }
    return inv;
  }
}
