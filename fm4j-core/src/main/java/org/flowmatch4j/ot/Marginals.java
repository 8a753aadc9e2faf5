package org.flowmatch4j.ot;

/**
 * Checked marginals of an exact transport problem. Zero-weight points are dropped (they carry no
 * mass and cannot change the optimal cost); {@link #rowIndex()} and {@link #colIndex()} map the
 * kept points back to the caller's indices.
 *
 * @param a kept source weights
 * @param b kept target weights, rescaled to the total of {@code a}
 */
record Marginals(
    double[] a, double[] b, int[] rowIndex, int[] colIndex, int nOriginal, int mOriginal) {

  /** Relative difference of total masses that an exact (balanced) solve accepts. */
  static final double MASS_TOLERANCE = 1e-6;

  int n() {
    return a.length;
  }

  int m() {
    return b.length;
  }

  boolean compressed() {
    return a.length != nOriginal || b.length != mOriginal;
  }

  static Marginals check(double[] a, double[] b) {
    double sa = total(a, "source");
    double sb = total(b, "target");
    if (Math.abs(sa - sb) > MASS_TOLERANCE * Math.max(sa, sb)) {
      throw new IllegalArgumentException(
          "the total masses differ: sum of source weights = " + sa + ", sum of target weights = "
              + sb + "; exact OT needs equal masses (normalise the weights, or use unbalanced"
              + " Sinkhorn)");
    }
    int[] rows = positive(a);
    int[] cols = positive(b);
    double[] ka = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      ka[i] = a[rows[i]];
    }
    double scale = sa / sb;
    double[] kb = new double[cols.length];
    for (int j = 0; j < cols.length; j++) {
      kb[j] = scale == 1.0 ? b[cols[j]] : b[cols[j]] * scale;
    }
    return new Marginals(ka, kb, rows, cols, a.length, b.length);
  }

  /** The total of weights that must be finite, non-negative and not all zero; {@code side} names them in errors. */
  static double total(double[] w, String side) {
    if (w.length == 0) {
      throw new IllegalArgumentException("no " + side + " points: need at least one");
    }
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      double v = w[i];
      if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException(
            side + " weight " + i + " is " + v + "; weights must be finite and non-negative");
      }
      s += v;
    }
    if (!(s > 0) || Double.isInfinite(s)) {
      throw new IllegalArgumentException(
          "the " + side + " weights sum to " + s + "; they need a positive finite total");
    }
    return s;
  }

  private static int[] positive(double[] w) {
    int k = 0;
    for (double v : w) {
      if (v > 0) {
        k++;
      }
    }
    int[] idx = new int[k];
    k = 0;
    for (int i = 0; i < w.length; i++) {
      if (w[i] > 0) {
        idx[k++] = i;
      }
    }
    return idx;
  }

  /** Rows {@code idx} of the row-major array {@code x} (d columns). */
  static double[] selectRows(double[] x, int d, int[] idx) {
    double[] out = new double[idx.length * d];
    for (int k = 0; k < idx.length; k++) {
      System.arraycopy(x, idx[k] * d, out, k * d, d);
    }
    return out;
  }
}
