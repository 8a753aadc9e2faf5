package org.flowmatch4j.tasks.spatial;

/**
 * Statistics of the pixels of one disc of an H&amp;E image, sampled every {@code stride} pixels
 * (pixel (x, y), x and y multiples of the stride, belongs to the disc of centre (cx, cy) and radius r
 * when {@code (x + 0.5 - cx)^2 + (y + 0.5 - cy)^2 <= r^2}; the grid is clipped to the pixels held). Per pixel: RGB in [0, 1], grey
 * {@code g = (R + G + B) / 3}, and the haematoxylin and eosin concentrations H, E by Ruifrok–Johnston
 * colour deconvolution ({@link #unmix}). The {@link #COUNT} values, in order:
 *
 * <ol>
 *   <li>R, G, B: mean and standard deviation each (6);
 *   <li>H, E: mean, standard deviation, and the 10th, 50th and 90th percentiles each (10), percentiles
 *       from a histogram of {@link #BINS} bins over [{@link #LOW}, {@link #HIGH}];
 *   <li>the fraction of pixels with g below 0.3, 0.5, 0.7 and 0.85 (4; dark nuclei to pale stroma
 *       and fat);
 *   <li>grey-level co-occurrence contrast {@code mean (q_p - q_p')^2}, q the grey level quantised to
 *       8 levels, over pixel pairs of the disc 1, 2 and 4 grid steps apart horizontally, then
 *       vertically (6);
 *   <li>nuclei proxies: the connected regions (4-neighbour) of pixels with H &gt; 0.5 per 1000
 *       pixels, and the fraction of such pixels (2);
 *   <li>edge strength: the mean of {@code sqrt(dx^2 + dy^2)}, dx and dy the grey differences to the
 *       next grid pixel right and below inside the disc (1).
 * </ol>
 */
final class DiscStatistics {
  /** Values per disc. */
  static final int COUNT = 29;
  /** Histogram range and resolution of the stain concentrations. */
  static final double LOW = -1;
  static final double HIGH = 3;
  static final int BINS = 400;
  private static final double[] GREY_THRESHOLDS = {0.3, 0.5, 0.7, 0.85};
  private static final int[] OFFSETS = {1, 2, 4};
  private static final double NUCLEUS_H = 0.5;
  private static final double[][] STAINS = {unit(0.65, 0.70, 0.29), unit(0.07, 0.99, 0.11), unit(0.27, 0.57, 0.78)};
  /** The stain matrix's inverse: {@code [H, E, D] = OD UNMIX}. */
  static final double[][] UNMIX = invert(STAINS);
  /** Optical density {@code -log10((I + 1) / 256)} of each 8-bit intensity. */
  private static final double[] OD = new double[256];

  static {
    for (int i = 0; i < 256; i++) {
      OD[i] = -Math.log10((i + 1) / 256.0);
    }
  }

  private DiscStatistics() {}

  /**
   * Writes the disc's {@link #COUNT} values into {@code out[at..]}; a disc without pixels held
   * writes zeros.
   */
  static void compute(SpotImage img, double cx, double cy, double r, int stride, float[] out, int at) {
    int gx0 = (int) Math.ceil(Math.max(img.x0(), cx - r) / stride);
    int gx1 = (int) Math.floor(Math.min(img.x0() + img.regionWidth() - 1, cx + r) / stride);
    int gy0 = (int) Math.ceil(Math.max(img.y0(), cy - r) / stride);
    int gy1 = (int) Math.floor(Math.min(img.y0() + img.regionHeight() - 1, cy + r) / stride);
    if (gx1 < gx0 || gy1 < gy0) {
      java.util.Arrays.fill(out, at, at + COUNT, 0f);
      return;
    }
    int w = gx1 - gx0 + 1;
    int h = gy1 - gy0 + 1;
    float[] grey = new float[w * h];
    float[] hem = new float[w * h];
    byte[] level = new byte[w * h];
    boolean[] in = new boolean[w * h];
    double[] sum = new double[5];
    double[] sq = new double[5];
    int[][] hist = new int[2][BINS];
    int[] dark = new int[GREY_THRESHOLDS.length];
    int n = 0;
    double r2 = r * r;
    for (int gy = 0; gy < h; gy++) {
      int y = (gy0 + gy) * stride;
      for (int gx = 0; gx < w; gx++) {
        int x = (gx0 + gx) * stride;
        double dx = x + 0.5 - cx;
        double dy = y + 0.5 - cy;
        if (dx * dx + dy * dy > r2) {
          continue;
        }
        int q = gy * w + gx;
        in[q] = true;
        int p = img.at(x, y);
        int cr = (p >> 16) & 255;
        int cg = (p >> 8) & 255;
        int cb = p & 255;
        double vr = cr / 255.0;
        double vg = cg / 255.0;
        double vb = cb / 255.0;
        double vh = concentration(cr, cg, cb, 0);
        double ve = concentration(cr, cg, cb, 1);
        sum[0] += vr;
        sum[1] += vg;
        sum[2] += vb;
        sum[3] += vh;
        sum[4] += ve;
        sq[0] += vr * vr;
        sq[1] += vg * vg;
        sq[2] += vb * vb;
        sq[3] += vh * vh;
        sq[4] += ve * ve;
        hist[0][bin(vh)]++;
        hist[1][bin(ve)]++;
        double g = (vr + vg + vb) / 3;
        for (int k = 0; k < GREY_THRESHOLDS.length; k++) {
          if (g < GREY_THRESHOLDS[k]) {
            dark[k]++;
          }
        }
        grey[q] = (float) g;
        hem[q] = (float) vh;
        level[q] = (byte) ((cr + cg + cb) / 3 >> 5);
        n++;
      }
    }
    java.util.Arrays.fill(out, at, at + COUNT, 0f);
    if (n == 0) {
      return;
    }
    int o = at;
    for (int k = 0; k < 3; k++) {
      double m = sum[k] / n;
      out[o++] = (float) m;
      out[o++] = (float) Math.sqrt(Math.max(0, sq[k] / n - m * m));
    }
    for (int k = 3; k < 5; k++) {
      double m = sum[k] / n;
      out[o++] = (float) m;
      out[o++] = (float) Math.sqrt(Math.max(0, sq[k] / n - m * m));
      for (double pct : new double[] {0.1, 0.5, 0.9}) {
        out[o++] = (float) percentile(hist[k - 3], n, pct);
      }
    }
    for (int d : dark) {
      out[o++] = (float) d / n;
    }
    for (int axis = 0; axis < 2; axis++) {
      for (int off : OFFSETS) {
        out[o++] = (float) contrast(level, in, w, h, axis == 0 ? off : 0, axis == 0 ? 0 : off);
      }
    }
    int nuclei = 0;
    int stained = 0;
    boolean[] seen = new boolean[w * h];
    int[] stack = new int[w * h];
    for (int q = 0; q < w * h; q++) {
      if (in[q] && hem[q] > NUCLEUS_H) {
        stained++;
        if (!seen[q]) {
          nuclei++;
          flood(q, in, hem, seen, stack, w, h);
        }
      }
    }
    out[o++] = (float) (1000.0 * nuclei / n);
    out[o++] = (float) stained / n;
    double edge = 0;
    int edges = 0;
    for (int gy = 0; gy + 1 < h; gy++) {
      for (int gx = 0; gx + 1 < w; gx++) {
        int q = gy * w + gx;
        if (in[q] && in[q + 1] && in[q + w]) {
          double ex = grey[q + 1] - grey[q];
          double ey = grey[q + w] - grey[q];
          edge += Math.sqrt(ex * ex + ey * ey);
          edges++;
        }
      }
    }
    out[o] = (float) (edges == 0 ? 0 : edge / edges);
  }

  /** {H, E} of an 8-bit RGB pixel: {@code OD_c = -log10((I_c + 1) / 256)}, {@code [H, E, D] = OD M^-1}. */
  static double[] unmix(int[] c) {
    return new double[] {concentration(c[0], c[1], c[2], 0), concentration(c[0], c[1], c[2], 1)};
  }

  /** Concentration of stain {@code s} (0 haematoxylin, 1 eosin, 2 DAB) of 8-bit intensities r, g, b. */
  private static double concentration(int r, int g, int b, int s) {
    return OD[r] * UNMIX[0][s] + OD[g] * UNMIX[1][s] + OD[b] * UNMIX[2][s];
  }

  private static int bin(double v) {
    int b = (int) Math.floor((v - LOW) / (HIGH - LOW) * BINS);
    return Math.max(0, Math.min(BINS - 1, b));
  }

  /** The centre of the bin holding the {@code pct} quantile of n values (the ceil(pct n)-th smallest). */
  static double percentile(int[] hist, int n, double pct) {
    int rank = Math.max(1, (int) Math.ceil(pct * n));
    int seen = 0;
    for (int b = 0; b < hist.length; b++) {
      seen += hist[b];
      if (seen >= rank) {
        return LOW + (b + 0.5) * (HIGH - LOW) / BINS;
      }
    }
    return HIGH;
  }

  private static double contrast(byte[] level, boolean[] in, int w, int h, int ox, int oy) {
    double s = 0;
    long pairs = 0;
    for (int gy = 0; gy + oy < h; gy++) {
      for (int gx = 0; gx + ox < w; gx++) {
        int q = gy * w + gx;
        int q2 = (gy + oy) * w + gx + ox;
        if (in[q] && in[q2]) {
          int d = level[q] - level[q2];
          s += d * d;
          pairs++;
        }
      }
    }
    return pairs == 0 ? 0 : s / pairs;
  }

  /** Marks the 4-connected region of stained disc pixels containing q. */
  private static void flood(int q0, boolean[] in, float[] hem, boolean[] seen, int[] stack, int w, int h) {
    int top = 0;
    stack[top++] = q0;
    seen[q0] = true;
    while (top > 0) {
      int q = stack[--top];
      int x = q % w;
      int y = q / w;
      int[] next = {x > 0 ? q - 1 : -1, x + 1 < w ? q + 1 : -1, y > 0 ? q - w : -1, y + 1 < h ? q + w : -1};
      for (int m : next) {
        if (m >= 0 && !seen[m] && in[m] && hem[m] > NUCLEUS_H) {
          seen[m] = true;
          stack[top++] = m;
        }
      }
    }
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
