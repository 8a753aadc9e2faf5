package org.flowmatch4j.fm.metric;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.tensor.Matrix;

/**
 * The LAND metric (Arvanitidis et al., 2016) in the form metric flow matching uses it: the inverse
 * of a local, Gaussian-weighted diagonal covariance of the data around x,
 *
 * <pre>
 *   w_i(x) = exp(-||x - y_i||^2 / (2 sigma^2))
 *   h_j(x) = sum_{i in N_k(x)} w_i(x) (y_ij - x_j)^2
 *   g_j(x) = (h_j(x) + rho)^(-alpha)
 * </pre>
 *
 * over the k nearest support cells {@code N_k(x)} of x (the published code sums over a minibatch
 * of all the cells; the weights of cells beyond the k nearest are negligible when the k-th is
 * several bandwidths away). Far from the data h is 0 and g = rho^(-alpha), its largest value.
 * {@code N_k(x)} is exact: the first k cells in the order of (distance, row), ties at the k-th
 * distance going to the lower rows, found by a full scan or a k-d tree built once over the support
 * ({@link KdTree}, which chooses by a stated rule and gives the same cells either way), and h is
 * summed over them in increasing row order, so the result does not depend on how they were found.
 *
 * <p>Data-derived defaults ({@link #fit}): sigma is the median, over the support cells, of the
 * distance to their {@link #BANDWIDTH_NEIGHBOURS}-th nearest other cell, so that the kernel
 * resolves the cells' local spread rather than the gaps between groups of cells; rho = sigma^2 /
 * 16, the ratio of the published values (sigma 0.125 and rho 0.001 on whitened data).
 */
public final class LandMetric implements DiagonalMetric {
  /** Default number k of nearest cells summed over. */
  public static final int DEFAULT_NEIGHBOURS = 64;
  /** The neighbour whose median distance is the default bandwidth. */
  public static final int BANDWIDTH_NEIGHBOURS = 8;
  /** Most cells kept as the support; larger sets are subsampled with the seed. */
  public static final int MAX_SUPPORT = 4096;

  private final Matrix support;
  private final double sigma;
  private final double rho;
  private final double alpha;
  private final int k;
  private final KdTree tree;
  /** The neighbours {@link #apply} found, for {@link #vjp} at the same rows (null before the first call). */
  private volatile Neighbours neighbours;

  /**
   * @param support the data cells y_i (N x d)
   * @param sigma bandwidth, > 0
   * @param rho floor of the local variance, > 0
   * @param alpha exponent, >= 0 (0 gives the flat metric g = 1)
   * @param k nearest cells summed over, >= 1 (at most N are used)
   */
  public LandMetric(Matrix support, double sigma, double rho, double alpha, int k) {
    if (support.rows < 1 || !(sigma > 0) || !(rho > 0) || !(alpha >= 0) || k < 1
        || !Double.isFinite(sigma) || !Double.isFinite(rho) || !Double.isFinite(alpha)) {
      throw new IllegalArgumentException("LAND metric needs >= 1 cell, bandwidth > 0, rho > 0, alpha >= 0, k >= 1; got "
          + support.rows + " cells, " + sigma + ", " + rho + ", " + alpha + ", " + k);
    }
    this.support = support;
    this.sigma = sigma;
    this.rho = rho;
    this.alpha = alpha;
    this.k = Math.min(k, support.rows);
    this.tree = new KdTree(support);
  }

  /**
   * The metric of the cells {@code cells} (N x d): at most {@link #MAX_SUPPORT} of them (chosen with
   * {@code seed}) as support, and the data-derived bandwidth and rho where {@code sigma} or
   * {@code rho} is NaN.
   */
  public static LandMetric fit(Matrix cells, double sigma, double rho, double alpha, int k, long seed) {
    Matrix support = subsample(cells, MAX_SUPPORT, seed);
    double s = Double.isNaN(sigma) ? defaultBandwidth(support, BANDWIDTH_NEIGHBOURS) : sigma;
    double r = Double.isNaN(rho) ? s * s / 16 : rho;
    return new LandMetric(support, s, r, alpha, k);
  }

  /**
   * The median over the rows of x of the distance to their k-th nearest other row (the farthest
   * row when there are fewer).
   *
   * @throws IllegalArgumentException if x has fewer than 2 rows or the distances are all zero
   */
  public static double defaultBandwidth(Matrix x, int k) {
    if (x.rows < 2) {
      throw new IllegalArgumentException("the LAND bandwidth needs at least 2 cells, got " + x.rows);
    }
    int m = Math.min(k, x.rows - 1);
    double[] kth = new double[x.rows];
    KdTree tree = new KdTree(x);
    KdTree.Query q = new KdTree.Query(m + 1);
    for (int i = 0; i < x.rows; i++) {
      tree.nearest(x.data, i * x.cols, m + 1, q);
      kth[i] = Math.sqrt(q.kth);
    }
    Arrays.sort(kth);
    double med = kth.length % 2 == 1 ? kth[kth.length / 2] : 0.5 * (kth[kth.length / 2 - 1] + kth[kth.length / 2]);
    if (!(med > 0)) {
      throw new IllegalArgumentException("the cells coincide: no bandwidth can be derived from their distances");
    }
    return med;
  }

  @Override
  public int dim() {
    return support.cols;
  }

  /** The bandwidth sigma. */
  public double bandwidth() {
    return sigma;
  }

  /** The variance floor rho. */
  public double rho() {
    return rho;
  }

  /** The exponent alpha. */
  public double alpha() {
    return alpha;
  }

  /** The number k of nearest cells summed over. */
  public int neighbours() {
    return k;
  }

  @Override
  public void apply(Matrix x, int from, int to, Matrix g) {
    int d = dim();
    KdTree.Query q = new KdTree.Query(k);
    double[] h = new double[d];
    double[] w = new double[k];
    Neighbours seen = neighbours(x.rows);
    for (int i = from; i < to; i++) {
      tree.nearest(x.data, i * d, k, q);
      weighted(x, i, q, w, h);
      seen.put(x, i, q, w, h);
      for (int j = 0; j < d; j++) {
        g.data[i * d + j] = (float) power(h[j] + rho, -alpha);
      }
    }
  }

  /**
   * With {@code c_j = -alpha gy_j (h_j + rho)^(-alpha - 1)} and {@code s_i = sum_j c_j (y_ij -
   * x_j)^2}: {@code gx_l = sum_i w_i [s_i (y_il - x_l) / sigma^2 - 2 c_l (y_il - x_l)]}. The
   * neighbour set is held fixed (it is piecewise constant in x); at a point {@link #apply} saw, its
   * neighbours, weights w_i and h are reused.
   */
  @Override
  public void vjp(Matrix x, Matrix gy, int from, int to, Matrix gx) {
    int d = dim();
    KdTree.Query q = new KdTree.Query(k);
    double[] h = new double[d];
    double[] w = new double[k];
    double[] c = new double[d];
    double[] acc = new double[d];
    double inv = 1 / (sigma * sigma);
    Neighbours seen = neighbours;
    for (int i = from; i < to; i++) {
      if (seen == null || !seen.get(x, i, q, w, h)) {
        tree.nearest(x.data, i * d, k, q);
        weighted(x, i, q, w, h);
      }
      for (int j = 0; j < d; j++) {
        c[j] = -alpha * gy.data[i * d + j] * power(h[j] + rho, -alpha - 1);
      }
      int o = i * d;
      Arrays.fill(acc, 0);
      for (int m = 0; m < k; m++) {
        int so = q.idx[m] * d;
        double s = 0;
        for (int j = 0; j < d; j++) {
          double e = support.data[so + j] - x.data[o + j];
          s += c[j] * e * e;
        }
        for (int j = 0; j < d; j++) {
          double e = support.data[so + j] - x.data[o + j];
          acc[j] += w[m] * (s * e * inv - 2 * c[j] * e);
        }
      }
      for (int j = 0; j < d; j++) {
        gx.data[o + j] = (float) acc[j];
      }
    }
  }

  /** {@code b^e}, with the common exponents -1 and -2 of alpha = 1 done without {@code Math.pow}. */
  static double power(double b, double e) {
    if (e == -1) {
      return 1 / b;
    }
    if (e == -2) {
      return 1 / (b * b);
    }
    return Math.pow(b, e);
  }

  /** The kernel weights w_m of the neighbours in q of row i of x, and h(x_i) from them. */
  private void weighted(Matrix x, int i, KdTree.Query q, double[] w, double[] h) {
    int d = dim();
    int o = i * d;
    Arrays.fill(h, 0);
    double inv = 1 / (sigma * sigma);
    for (int m = 0; m < k; m++) {
      w[m] = Math.exp(-0.5 * q.d2[m] * inv);
      int so = q.idx[m] * d;
      for (int j = 0; j < d; j++) {
        double e = support.data[so + j] - x.data[o + j];
        h[j] += w[m] * e * e;
      }
    }
  }

  /** The store of neighbours for at least {@code rows} rows, replaced by a larger empty one when too small. */
  private Neighbours neighbours(int rows) {
    Neighbours n = neighbours;
    if (n == null || n.rows < rows) {
      synchronized (this) {
        n = neighbours;
        if (n == null || n.rows < rows) {
          n = new Neighbours(rows, dim(), k);
          neighbours = n;
        }
      }
    }
    return n;
  }

  /**
   * The k nearest support cells of each row found by {@link #apply}, their weights and h, with the
   * row they were found for, so that {@link #vjp} at the same point (the backward pass of the same
   * step) skips the search and the kernel. A row counts as seen only while its stored point equals the queried one exactly, so a
   * stale entry is never used; each row is read and written under one of a few locks, so that
   * callers evaluating the same metric at once cannot mix their entries.
   */
  private static final class Neighbours {
    final int rows;
    final int d;
    final int k;
    final float[] point;
    final int[] idx;
    final double[] w;
    final double[] h;
    final boolean[] filled;
    final Object[] locks = new Object[64];

    Neighbours(int rows, int d, int k) {
      for (int i = 0; i < locks.length; i++) {
        locks[i] = new Object();
      }
      this.rows = rows;
      this.d = d;
      this.k = k;
      point = new float[rows * d];
      idx = new int[rows * k];
      w = new double[rows * k];
      h = new double[rows * d];
      filled = new boolean[rows];
    }

    void put(Matrix x, int i, KdTree.Query q, double[] wi, double[] hi) {
      synchronized (locks[i % locks.length]) {
        System.arraycopy(x.data, i * d, point, i * d, d);
        System.arraycopy(q.idx, 0, idx, i * k, k);
        System.arraycopy(wi, 0, w, i * k, k);
        System.arraycopy(hi, 0, h, i * d, d);
        filled[i] = true;
      }
    }

    /**
     * Copies the neighbours of row i into q, their weights into wi and h into hi if they were found
     * for exactly this point.
     */
    boolean get(Matrix x, int i, KdTree.Query q, double[] wi, double[] hi) {
      if (i >= rows) {
        return false;
      }
      synchronized (locks[i % locks.length]) {
        if (!filled[i] || !Arrays.equals(point, i * d, (i + 1) * d, x.data, i * d, (i + 1) * d)) {
          return false;
        }
        System.arraycopy(idx, i * k, q.idx, 0, k);
        System.arraycopy(w, i * k, wi, 0, k);
        System.arraycopy(h, i * d, hi, 0, d);
        q.found = k;
        return true;
      }
    }
  }

  /** At most {@code max} rows of x, a uniform random subset chosen with {@code seed} (x itself if small). */
  static Matrix subsample(Matrix x, int max, long seed) {
    if (x.rows <= max) {
      return x;
    }
    int[] perm = new int[x.rows];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < max; i++) {
      int j = i + rng.nextInt(perm.length - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return x.rows(Arrays.copyOf(perm, max));
  }

  @Override
  public void save(Checkpoint ck, String section) {
    ck.put(section + ".kind", MetricKind.LAND.cliName());
    ck.put(section + ".bandwidth", Double.toString(sigma));
    ck.put(section + ".rho", Double.toString(rho));
    ck.put(section + ".alpha", Double.toString(alpha));
    ck.put(section + ".neighbours", Integer.toString(k));
    ck.putTensor(section, "support", support);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "land(bandwidth=%.4g, rho=%.4g, alpha=%s, k=%d, support=%d)",
        sigma, rho, alpha, k, support.rows);
  }
}
