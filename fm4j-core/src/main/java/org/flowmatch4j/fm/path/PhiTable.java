package org.flowmatch4j.fm.path;

import java.util.Arrays;
import org.flowmatch4j.fm.coupling.PairSupport;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Matrix;

/**
 * A frozen interpolant network phi tabulated along t for a fixed set of endpoint pairs (the
 * support of a whole-population plan): for each pair k and the nodes {@code t_g = g / G}, g = 0 ..
 * G, the table holds {@code phi(x0_k, x1_k, t_g)} and {@code d phi / dt} there, and between two
 * nodes phi is the cubic Hermite interpolant of both, with {@code s = (t - t_g) / h}, {@code h = 1
 * / G}:
 *
 * <pre>
 *   phi(t)    = h00(s) p_g + h h10(s) m_g + h01(s) p_g+1 + h h11(s) m_g+1
 *   phi'(t)   = (h00'(s) p_g + h01'(s) p_g+1) / h + h10'(s) m_g + h11'(s) m_g+1
 *   h00 = 2s^3 - 3s^2 + 1,  h10 = s^3 - 2s^2 + s,  h01 = -2s^3 + 3s^2,  h11 = s^3 - s^2
 * </pre>
 *
 * phi' is the exact derivative of the interpolated phi, so a path built from both stays
 * consistent (u_t = d x_t / dt). The interpolation error is O(h^4) in phi and O(h^3) in phi' where
 * phi is smooth in t; it reproduces cubic polynomials in t exactly. Pairs are found by the
 * content of their two points (2d floats, hashed), so equal cells share an entry. Immutable; safe
 * to read from several threads.
 */
public final class PhiTable {
  /** Intervals G of the default grid of t. */
  public static final int INTERVALS = 32;
  private final int d;
  private final int intervals;
  private final float[] keys;
  private final float[] value;
  private final float[] slope;
  private final int[] slots;
  private final int mask;
  private final int pairs;

  /**
   * Evaluates phi (and its derivative along t, {@link Mlp#jvp}) on the {@code intervals + 1} nodes
   * of every distinct pair of {@code support}.
   *
   * @param phi the interpolant network ({@link GeodesicPath#newPhi} layout), not modified
   * @param support the pairs to tabulate
   * @param intervals G >= 1
   */
  public PhiTable(Mlp phi, PairSupport support, int intervals) {
    if (intervals < 1) {
      throw new IllegalArgumentException("a table of phi needs at least 1 interval, got " + intervals);
    }
    this.d = support.x0().cols;
    if (phi.config().outputDim() != d || phi.config().inputDim() != 2 * d) {
      throw new IllegalArgumentException("phi maps dimension " + phi.config().outputDim() + ", the pairs have " + d);
    }
    this.intervals = intervals;
    int m = support.size();
    int cap = Integer.highestOneBit(Math.max(2, 2 * m - 1)) << 1;
    slots = new int[cap];
    Arrays.fill(slots, -1);
    mask = cap - 1;
    float[] distinct = new float[m * 2 * d];
    int count = 0;
    for (int k = 0; k < m; k++) {
      System.arraycopy(support.x0().data, k * d, distinct, count * 2 * d, d);
      System.arraycopy(support.x1().data, k * d, distinct, count * 2 * d + d, d);
      int slot = probe(distinct, count * 2 * d);
      if (slots[slot] < 0) {
        slots[slot] = count++;
      }
    }
    pairs = count;
    keys = Arrays.copyOf(distinct, count * 2 * d);
    value = new float[count * (intervals + 1) * d];
    slope = new float[count * (intervals + 1) * d];
    tabulate(phi.copy());
  }

  /** Number of distinct pairs held. */
  public int pairs() {
    return pairs;
  }

  /** Intervals G of the grid of t. */
  public int intervals() {
    return intervals;
  }

  /**
   * The entry of the pair (row i of x0, row i of x1), or -1 when it is not in the table.
   */
  public int find(Matrix x0, Matrix x1, int i) {
    int slot = mask & hash(x0.data, i * d, x1.data, i * d);
    while (true) {
      int k = slots[slot];
      if (k < 0) {
        return -1;
      }
      if (Arrays.equals(keys, k * 2 * d, k * 2 * d + d, x0.data, i * d, i * d + d)
          && Arrays.equals(keys, k * 2 * d + d, k * 2 * d + 2 * d, x1.data, i * d, i * d + d)) {
        return k;
      }
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Writes phi and d phi / dt of entry k at t in [0, 1] (interpolated) to {@code phi} and {@code
   * dphi}, d entries each from {@code off}.
   */
  public void eval(int k, double t, float[] phi, float[] dphi, int off) {
    double pos = Math.min(Math.max(t, 0), 1) * intervals;
    int g = Math.min((int) pos, intervals - 1);
    double s = pos - g;
    double h = 1.0 / intervals;
    double s2 = s * s;
    double s3 = s2 * s;
    double h00 = 2 * s3 - 3 * s2 + 1;
    double h10 = s3 - 2 * s2 + s;
    double h01 = -2 * s3 + 3 * s2;
    double h11 = s3 - s2;
    double d00 = (6 * s2 - 6 * s) / h;
    double d10 = 3 * s2 - 4 * s + 1;
    double d01 = (-6 * s2 + 6 * s) / h;
    double d11 = 3 * s2 - 2 * s;
    int a = (k * (intervals + 1) + g) * d;
    int b = a + d;
    for (int j = 0; j < d; j++) {
      double p0 = value[a + j];
      double p1 = value[b + j];
      double m0 = slope[a + j];
      double m1 = slope[b + j];
      phi[off + j] = (float) (h00 * p0 + h * (h10 * m0 + h11 * m1) + h01 * p1);
      dphi[off + j] = (float) (d00 * p0 + d10 * m0 + d01 * p1 + d11 * m1);
    }
  }

  /** phi and d phi / dt of every pair at every node, in blocks of pairs. */
  private void tabulate(Mlp phi) {
    int nodes = intervals + 1;
    int block = Math.max(1, 4096 / nodes);
    for (int from = 0; from < pairs; from += block) {
      int to = Math.min(pairs, from + block);
      int rows = (to - from) * nodes;
      Matrix in = new Matrix(rows, 2 * d);
      Matrix t = new Matrix(rows, 1);
      Matrix ones = new Matrix(rows, 1);
      Arrays.fill(ones.data, 1f);
      for (int k = from; k < to; k++) {
        for (int g = 0; g < nodes; g++) {
          int r = (k - from) * nodes + g;
          System.arraycopy(keys, k * 2 * d, in.data, r * 2 * d, 2 * d);
          t.data[r] = (float) g / intervals;
        }
      }
      Matrix out = new Matrix(rows, d);
      Matrix dout = new Matrix(rows, d);
      phi.jvp(in, t, null, null, ones, null, out, dout);
      System.arraycopy(out.data, 0, value, from * nodes * d, rows * d);
      System.arraycopy(dout.data, 0, slope, from * nodes * d, rows * d);
    }
  }

  /** The slot of the key at {@code off} of {@code data}: its own, or the empty one where it belongs. */
  private int probe(float[] data, int off) {
    int slot = mask & hash(data, off, data, off + d);
    while (slots[slot] >= 0) {
      int k = slots[slot];
      if (Arrays.equals(data, k * 2 * d, k * 2 * d + 2 * d, data, off, off + 2 * d)) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private int hash(float[] a, int offA, float[] b, int offB) {
    int h = 1;
    for (int j = 0; j < d; j++) {
      h = 31 * h + Float.floatToIntBits(a[offA + j]);
    }
    for (int j = 0; j < d; j++) {
      h = 31 * h + Float.floatToIntBits(b[offB + j]);
    }
    return h ^ (h >>> 16);
  }
}
