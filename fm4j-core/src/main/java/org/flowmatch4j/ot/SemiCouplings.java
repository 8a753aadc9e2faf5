package org.flowmatch4j.ot;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The semi-couplings of an unbalanced plan G between a source population (masses a_i) and a
 * target population (masses b_j), as WFR-FM builds them:
 *
 * <pre>
 *   gamma0_ij = a_i G_ij / ((G 1)_i + 1e-12)       rows renormalised to the source masses
 *   gamma1_ij = b_j G_ij / ((G^T 1)_j + 1e-12)     columns renormalised to the target masses
 * </pre>
 *
 * (the 1e-12 is the published code's: a source cell whose every partner lies beyond pi delta
 * keeps a vanishing mass instead of its whole mass).
 *
 * A pair (i, j) is drawn with probability proportional to gamma0_ij, and carries the masses
 * {@code m0 = gamma0_ij} (what of source i goes to j) and {@code m1 = gamma1_ij} (what of target
 * j comes from i); m1 / m0 is the growth of that pair over the interval.
 *
 * <p>The plan is solved by an {@link UnbalancedPlanSolver} ({@link MmUnbalanced} by default) with
 * the {@link WfrCost}. Populations whose dense
 * plan would exceed {@code maxEntries} entries are split at random into g groups of sources and g
 * groups of targets ({@code g = ceil(sqrt(n m / maxEntries))}), group l of the sources coupled to
 * group l of the targets only (the published chunking): memory and time fall by g^2 and g, at the
 * price of never pairing cells across groups. Immutable once built; sampling is thread-safe.
 *
 * <p><b>Smoothed growth</b> ({@link #smoothed}). A pair's growth is the ratio of its source's and
 * its target's margins, each relative to the cell's own mass:
 *
 * <pre>
 *   m1 / m0 = r_i / c_j,    r_i = ((G 1)_i + 1e-12) / a_i,    c_j = ((G^T 1)_j + 1e-12) / b_j,
 * </pre>
 *
 * which from finite samples is noisy cell by cell. The smoothed semi-couplings draw the same pairs
 * with the same m0, and carry {@code m1 = m0 exp(lbar_i - cbar_j)}, where lbar_i is the mean of
 * log r over the k0 source cells nearest to x_i and cbar_j that of log c over the k1 target cells
 * nearest to y_j ({@link NeighbourMean}; k0 = k1 = 1 gives back the plan's own masses).
 */
public final class SemiCouplings {
  /** Added to the margins before dividing, as in the published code. */
  private static final double EPS = 1e-12;

  private final List<Block> blocks;
  private final double[] blockCumulative;
  /** Smoothed log r_i by source cell and log c_j by target cell, or null for the plan's own masses. */
  private final double[] logRow;
  private final double[] logCol;

  /** Columns per chunk of a row whose running sum is kept ({@link Block#chunkSums}). */
  private static final int CHUNK = 32;

  /**
   * One group: its source and target indices, the plan between them and its margins. Row i's
   * running sum over its positive entries at the end of each chunk of {@link #CHUNK} columns is
   * {@code chunkSums[i * chunks() + c]}, and {@code lastPositive[i]} its last positive column, so a
   * column is drawn by a binary search over the chunks and a scan of one chunk.
   */
  private record Block(int[] src, int[] tgt, double[] a, double[] b, double[] g, double[] rows, double[] cols,
      double[] rowCumulative, double[] chunkSums, int[] lastPositive) {
    /** Chunks per row. */
    int chunks() {
      return SemiCouplings.chunks(tgt.length);
    }
  }

  /** Chunks of {@link #CHUNK} columns in a row of m columns. */
  private static int chunks(int m) {
    return (m + CHUNK - 1) / CHUNK;
  }

  private SemiCouplings(List<Block> blocks) {
    this(blocks, null, null);
  }

  private SemiCouplings(List<Block> blocks, double[] logRow, double[] logCol) {
    this.blocks = blocks;
    this.logRow = logRow;
    this.logCol = logCol;
    blockCumulative = new double[blocks.size()];
    double s = 0;
    for (int l = 0; l < blocks.size(); l++) {
      double[] rc = blocks.get(l).rowCumulative;
      s += rc.length == 0 ? 0 : rc[rc.length - 1];
      blockCumulative[l] = s;
    }
    if (!(s > 0)) {
      throw new IllegalArgumentException("the unbalanced plan is empty: no source cell sends any mass");
    }
  }

  /**
   * Solves the WFR unbalanced plan between {@code x} (n x d, masses {@code a}) and {@code y}
   * (m x d, masses {@code b}) with length scale {@code delta}, in random groups when n m exceeds
   * {@code maxEntries} (the grouping drawn from {@code rng}).
   */
  public static SemiCouplings wfr(double[] x, double[] a, double[] y, double[] b, int d, double delta,
      UnbalancedPlanSolver solver, long maxEntries, RandomGenerator rng) {
    int n = a.length;
    int m = b.length;
    int groups = (int) Math.ceil(Math.sqrt((double) n * m / maxEntries));
    groups = Math.max(1, Math.min(groups, Math.min(n, m)));
    int[] ps = permutation(n, groups > 1 ? rng : null);
    int[] pt = permutation(m, groups > 1 ? rng : null);
    List<Block> blocks = new ArrayList<>();
    for (int l = 0; l < groups; l++) {
      int[] src = java.util.Arrays.copyOfRange(ps, (int) ((long) l * n / groups), (int) ((long) (l + 1) * n / groups));
      int[] tgt = java.util.Arrays.copyOfRange(pt, (int) ((long) l * m / groups), (int) ((long) (l + 1) * m / groups));
      double[] xs = rows(x, src, d);
      double[] yt = rows(y, tgt, d);
      double[] as = pick(a, src);
      double[] bt = pick(b, tgt);
      double[] g = solver.solve(as, bt, WfrCost.matrix(xs, src.length, yt, tgt.length, d, delta));
      blocks.add(block(src, tgt, as, bt, g));
    }
    return new SemiCouplings(blocks);
  }

  /** Semi-couplings of a given dense plan g (n x m) between masses a and b. */
  public static SemiCouplings of(double[] a, double[] b, double[] g) {
    return new SemiCouplings(List.of(block(permutation(a.length, null), permutation(b.length, null), a, b, g)));
  }

  private static Block block(int[] src, int[] tgt, double[] a, double[] b, double[] g) {
    int n = src.length;
    int m = tgt.length;
    double[] rows = new double[n];
    double[] cols = new double[m];
    double[] cum = new double[n];
    int chunks = chunks(m);
    double[] chunkSums = new double[n * chunks];
    int[] lastPositive = new int[n];
    double s = 0;
    for (int i = 0; i < n; i++) {
      double acc = 0;
      for (int j = 0; j < m; j++) {
        double v = g[i * m + j];
        rows[i] += v;
        cols[j] += v;
        if (v > 0) {
          acc += v;
          lastPositive[i] = j;
        }
        if ((j + 1) % CHUNK == 0 || j == m - 1) {
          chunkSums[i * chunks + j / CHUNK] = acc;
        }
      }
      s += a[i] * rows[i] / (rows[i] + EPS);
      cum[i] = s;
    }
    return new Block(src, tgt, a, b, g, rows, cols, cum, chunkSums, lastPositive);
  }

  /**
   * These semi-couplings with the growth of every pair smoothed over the populations (see the class
   * comment): the source cells {@code x} (n x d, row-major, in the order of the masses a), the
   * target cells {@code y} (m x d), log r averaged over the {@code k0} nearest source cells and log
   * c over the {@code k1} nearest target cells.
   */
  public SemiCouplings smoothed(double[] x, double[] y, int d, int k0, int k1) {
    int n = 0;
    int m = 0;
    for (Block bl : blocks) {
      n += bl.src.length;
      m += bl.tgt.length;
    }
    double[] lr = new double[n];
    double[] lc = new double[m];
    for (Block bl : blocks) {
      for (int i = 0; i < bl.src.length; i++) {
        lr[bl.src[i]] = Math.log((bl.rows[i] + EPS) / bl.a[i]);
      }
      for (int j = 0; j < bl.tgt.length; j++) {
        lc[bl.tgt[j]] = Math.log((bl.cols[j] + EPS) / bl.b[j]);
      }
    }
    return new SemiCouplings(blocks, NeighbourMean.of(x, d, lr, k0), NeighbourMean.of(y, d, lc, k1));
  }

  /** Number of groups the populations were split into (1 = one dense plan). */
  public int groups() {
    return blocks.size();
  }

  /** Total mass of the plan G (summed over the groups). */
  public double planMass() {
    double s = 0;
    for (Block bl : blocks) {
      for (double r : bl.rows) {
        s += r;
      }
    }
    return s;
  }

  /**
   * Draws {@code i0.length} pairs with probability proportional to gamma0: source indices into
   * {@code i0}, target indices into {@code i1}, and their masses gamma0_ij, gamma1_ij into
   * {@code m0}, {@code m1} (m1 from the smoothed growth when {@link #smoothed}).
   */
  public void sample(RandomGenerator rng, int[] i0, int[] i1, double[] m0, double[] m1) {
    for (int s = 0; s < i0.length; s++) {
      Block bl = blocks.get(search(blockCumulative, rng.nextDouble() * blockCumulative[blockCumulative.length - 1]));
      double[] rc = bl.rowCumulative;
      int i = search(rc, rng.nextDouble() * rc[rc.length - 1]);
      int m = bl.tgt.length;
      int j = pickInRow(bl, i, rng.nextDouble() * bl.rows[i]);
      double gij = bl.g[i * m + j];
      i0[s] = bl.src[i];
      i1[s] = bl.tgt[j];
      m0[s] = bl.a[i] * gij / (bl.rows[i] + EPS);
      m1[s] = logRow == null ? bl.b[j] * gij / (bl.cols[j] + EPS) : m0[s] * Math.exp(logRow[i0[s]] - logCol[i1[s]]);
    }
  }

  /**
   * The column of row i where the running sum of its positive entries first exceeds u (u in [0,
   * row sum)); the last positive entry when rounding leaves the sum short of u. The chunk holding
   * that column is found by bisection over the chunk sums, then scanned from the running sum at its
   * start: the same additions in the same order as a scan of the whole row, so the same column.
   */
  private static int pickInRow(Block bl, int i, double u) {
    int chunks = bl.chunks();
    int off = i * chunks;
    int lo = 0;
    int hi = chunks;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (bl.chunkSums[off + mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    if (lo == chunks) {
      return bl.lastPositive[i];
    }
    int m = bl.tgt.length;
    double acc = lo == 0 ? 0 : bl.chunkSums[off + lo - 1];
    for (int j = lo * CHUNK, end = Math.min(m, j + CHUNK); j < end; j++) {
      double v = bl.g[i * m + j];
      if (v > 0) {
        acc += v;
        if (acc > u) {
          return j;
        }
      }
    }
    return bl.lastPositive[i];
  }

  /** The first index whose cumulative value exceeds u. */
  private static int search(double[] cumulative, double u) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static int[] permutation(int n, RandomGenerator rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    if (rng != null) {
      for (int i = n - 1; i > 0; i--) {
        int k = rng.nextInt(i + 1);
        int t = p[i];
        p[i] = p[k];
        p[k] = t;
      }
    }
    return p;
  }

  private static double[] rows(double[] x, int[] idx, int d) {
    double[] out = new double[idx.length * d];
    for (int r = 0; r < idx.length; r++) {
      System.arraycopy(x, idx[r] * d, out, r * d, d);
    }
    return out;
  }

  private static double[] pick(double[] w, int[] idx) {
    double[] out = new double[idx.length];
    for (int r = 0; r < idx.length; r++) {
      out[r] = w[idx[r]];
    }
    return out;
  }
}
