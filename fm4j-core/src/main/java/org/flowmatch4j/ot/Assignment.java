package org.flowmatch4j.ot;

import java.util.Arrays;
import org.flowmatch4j.tensor.Matrix;

/**
 * Exact linear assignment: the permutation sigma minimising sum_i C[i, sigma(i)] for a dense
 * square n x n cost matrix. With uniform weights 1/n on both sides this is exactly the earth
 * mover's problem between two clouds of n points (the transportation polytope with uniform
 * marginals is the Birkhoff polytope, whose vertices are permutations), so its value divided by
 * n equals POT's {@code emd2(ones/n, ones/n, C)}.
 *
 * <p>Method, in three stages:
 *
 * <ol>
 *   <li><b>Auction with epsilon-scaling</b> (Bertsekas) on a float copy of the costs scaled to
 *       [0, 1]: an unassigned row i bids for its best column j1 = argmin_j C'[i, j] + p_j and
 *       raises p_j1 by (second best - best) + eps; eps goes from 1/32 down by 8 per phase to
 *       1e-3. A work budget bounds it; its assignment may be partial.
 *   <li><b>Shortest augmenting paths in float</b> turn that into an optimal assignment of the
 *       float costs, with column potentials v' = -p as the start.
 *   <li><b>The same in double</b> makes it exact for C: with v = range * v', each assigned
 *       column's v_j is raised until its row is tight (C[i, j] - v_j = u_i = min_k C[i, k] -
 *       v_k); rows that are still not tight are freed and assigned along a Dijkstra shortest path
 *       in reduced costs (the augmentation of Jonker-Volgenant), after which the potentials of
 *       the settled columns are updated. This keeps u_i + v_j &lt;= C[i, j] for all pairs with
 *       equality on assigned ones, which certifies optimality whatever the warm start was.
 * </ol>
 *
 * On OT-CFM minibatches (noise or cells against cells, squared Euclidean, n = 256) the float
 * stages leave a handful of rows for the exact stage, and those paths are short.
 *
 * <p>The dense loops (best and second best of a row, relaxation of a row) use the JDK Vector API
 * ({@link VectorAssignment}) on rows padded to whole vectors with +infinity when the module is
 * present, and scalar loops with the same arithmetic otherwise; minima are taken on the bit
 * patterns of non-negative floating point numbers (which order like integers), and a relaxation
 * clamps reduced costs below zero (rounding) to zero. Ties go to the lowest column index, so the
 * result depends neither on the vector width nor on which loops run. Only the preferred species
 * are used: a vector of another shape (such as a half-width float vector from a double-to-float
 * conversion) makes the JIT fall back to the non-intrinsic Vector API code here and in every
 * other kernel of the process (the network's products ran 20 times slower), so the float copy of
 * the costs is made by scalar code.
 *
 * <p>An instance owns every work array and reuses them for any size up to the largest seen, so
 * the minibatch case (one 256 x 256 solve per OT-CFM step) allocates nothing after the first
 * call. Not thread-safe: use one instance per thread.
 */
public final class Assignment {
  private static final boolean VECTOR = Points.VECTOR;
  /** Doubles per vector of the vector loops (row padding of {@link #c}); 1 without them. */
  private static final int DL = VECTOR ? VectorAssignment.DOUBLES : 1;
  /** Floats per vector of the vector loops (row padding of {@link #cf}); 1 without them. */
  private static final int FL = VECTOR ? VectorAssignment.FLOATS : 1;
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final float FINF = Float.POSITIVE_INFINITY;

  /** Auction: first eps = 1 / EPS_START_DIVISOR (costs scaled to [0, 1]). */
  private static final float EPS_START_DIVISOR = 32;
  /** Auction: eps shrinks by this factor per phase. */
  private static final float EPS_FACTOR = 8;
  /** Auction: the last eps (finer prices cost more bids than they save paths). */
  private static final float EPS_END = 1e-3f;

  private int capacity;
  /** Row stride of {@link #c} (n rounded up to whole double vectors) and of {@link #cf}. */
  int stride;
  int fstride;
  /** The costs, n rows of {@link #stride}, padded with +infinity: a work copy or the caller's. */
  double[] c;
  private double[] own = new double[0];
  float[] cf = new float[0];
  double[] xBuf = new double[0];
  double[] ytBuf = new double[0];

  private int[] colOfRow = new int[0];
  private int[] rowOfCol = new int[0];
  private int[] queue = new int[0];
  private int[] settled = new int[0];
  private int[] scannedRows = new int[0];
  private int[] settledAt = new int[0];
  double[] v = new double[0];
  double[] vScan = new double[0];
  double[] dist = new double[0];
  private double[] settledDist = new double[0];
  private double[] rowShift = new double[0];
  float[] pf = new float[0];
  float[] vf = new float[0];
  float[] vfScan = new float[0];
  float[] distF = new float[0];
  private float[] settledDistF = new float[0];
  private float[] rowShiftF = new float[0];
  private double[] rowDual = new double[0];
  private double[] colDual = new double[0];
  /** Smallest and largest cost of the problem being solved. */
  private final double[] bounds = new double[2];
  final long[] keys = new long[DL];
  final int[] keysF = new int[FL];
  final int[] firstF = new int[FL];

  float best1;
  float best2;
  double mu;
  float muF;
  private long bids;
  private long paths;

  /** A solver with no work arrays yet (they grow on first use). */
  public Assignment() {}

  /** A solver whose work arrays already fit n x n problems. */
  public Assignment(int n) {
    ensure(n);
  }

  private static int roundUp(int n, int lanes) {
    return (n + lanes - 1) / lanes * lanes;
  }

  private void ensure(int n) {
    if (n > capacity) {
      capacity = n;
      int s = roundUp(n, DL);
      int fs = roundUp(n, FL);
      int wide = Math.max(s, fs);
      colOfRow = new int[n];
      rowOfCol = new int[wide];
      queue = new int[n];
      settled = new int[n];
      scannedRows = new int[n];
      settledAt = new int[wide];
      v = new double[s];
      vScan = new double[s];
      dist = new double[s];
      settledDist = new double[n];
      rowShift = new double[n];
      pf = new float[fs];
      vf = new float[fs];
      vfScan = new float[fs];
      distF = new float[fs];
      settledDistF = new float[n];
      rowShiftF = new float[n];
      rowDual = new double[n];
      colDual = new double[n];
    }
    stride = roundUp(n, DL);
    fstride = roundUp(n, FL);
  }

  /**
   * Solves the n x n problem with row-major costs {@code c} (finite). Writes the optimal column
   * of each row into {@code rowToCol} (length at least n) and returns the optimal total cost
   * sum_i c[i, rowToCol[i]].
   *
   * <p>Modified: {@code rowToCol}. Not modified: {@code c}.
   */
  public double solve(double[] c, int n, int[] rowToCol) {
    if (n < 1) {
      throw new IllegalArgumentException("assignment needs n >= 1, got " + n);
    }
    if (c.length < (long) n * n) {
      throw new IllegalArgumentException(
          "cost array of length " + c.length + " cannot hold a " + n + "x" + n + " matrix");
    }
    if (rowToCol.length < n) {
      throw new IllegalArgumentException(
          "rowToCol has length " + rowToCol.length + ", needs " + n);
    }
    for (int k = 0, nn = n * n; k < nn; k++) {
      if (!Double.isFinite(c[k])) {
        throw new IllegalArgumentException(
            "cost entry (" + k / n + ", " + k % n + ") is " + c[k] + "; costs must be finite");
      }
    }
    ensure(n);
    int s = stride;
    if (s == n) {
      this.c = c; // rows already whole vectors: read the caller's array in place
    } else {
      double[] w = workCosts(n * s);
      for (int i = 0; i < n; i++) {
        System.arraycopy(c, i * n, w, i * s, n);
        Arrays.fill(w, i * s + n, i * s + s, INF);
      }
      this.c = w;
    }
    bounds[0] = INF;
    bounds[1] = -INF;
    for (int i = 0; i < n; i++) {
      rowBounds(i * s, n);
    }
    solveCore(n);
    Sum total = new Sum();
    for (int i = 0; i < n; i++) {
      rowToCol[i] = colOfRow[i];
      total.add(c[i * n + colOfRow[i]]);
    }
    potentials(n);
    this.c = null;
    return total.value();
  }

  /**
   * Optimal matching of the rows of {@code x} to the rows of {@code y} (both n x d, finite) under
   * {@code ground}: writes the partner of each x_i into {@code rowToCol} and returns sum_i
   * c(x_i, y_rowToCol[i]). The costs are those of {@link GroundCost#pairwise} bit for bit (sums
   * of squared differences, never the expansion through dot products); they and the point
   * buffers are kept in this instance and reused.
   */
  public double solve(Matrix x, Matrix y, GroundCost ground, int[] rowToCol) {
    if (x.rows != y.rows || x.cols != y.cols) {
      throw new IllegalArgumentException(
          "assignment needs two point clouds of the same shape, got " + x.rows + "x" + x.cols
              + " and " + y.rows + "x" + y.cols);
    }
    int n = x.rows;
    int d = x.cols;
    if (n < 1) {
      throw new IllegalArgumentException("assignment needs at least one point per cloud");
    }
    if (rowToCol.length < n) {
      throw new IllegalArgumentException(
          "rowToCol has length " + rowToCol.length + ", needs " + n);
    }
    ensure(n);
    int s = stride;
    if (xBuf.length < n * d) {
      xBuf = new double[n * d];
    }
    if (ytBuf.length < d * s) {
      ytBuf = new double[d * s];
    }
    for (int k = 0; k < n * d; k++) {
      float a = x.data[k];
      float b = y.data[k];
      if (!Float.isFinite(a) || !Float.isFinite(b)) {
        throw new IllegalArgumentException(
            (Float.isFinite(a) ? "y" : "x") + ": entry (" + k / d + ", " + k % d + ") is "
                + (Float.isFinite(a) ? b : a) + "; point coordinates must be finite");
      }
      xBuf[k] = a;
    }
    for (int k = 0; k < d; k++) {
      int o = k * s;
      for (int j = 0; j < n; j++) {
        ytBuf[o + j] = y.data[j * d + k];
      }
      Arrays.fill(ytBuf, o + n, o + s, 0);
    }
    c = workCosts(n * s);
    squaredDistances(n, d, ground == GroundCost.EUCLIDEAN);
    solveCore(n);
    Sum total = new Sum();
    for (int i = 0; i < n; i++) {
      rowToCol[i] = colOfRow[i];
      total.add(c[i * s + colOfRow[i]]);
    }
    potentials(n);
    c = null;
    return total.value();
  }

  /** Row duals u of the last solve (first n entries): u_i = C[i, sigma(i)] - v_sigma(i). */
  public double[] rowPotentials() {
    return rowDual;
  }

  /**
   * Column duals v of the last solve (first n entries): u_i + v_j &lt;= C[i, j] for all i, j, with
   * equality on the assignment (up to rounding).
   */
  public double[] columnPotentials() {
    return colDual;
  }

  /** Shortest augmenting paths the last solve needed after its float stages. */
  public long augmentations() {
    return paths;
  }

  /** Bids the auction warm start made in the last solve. */
  public long bids() {
    return bids;
  }

  private double[] workCosts(int size) {
    if (own.length < size) {
      own = new double[size];
    }
    return own;
  }

  /**
   * c[i, j] = sum_k (x[i, k] - y[j, k])^2 (or its square root), feature 0 first, as {@link
   * GroundCost#pairwise} computes it; padding columns +infinity. Vectorised over j with y
   * transposed ({@link #ytBuf}, d x stride). Sets {@link #bounds} to their extreme values, each
   * row read again while it is still in the first-level cache.
   */
  void squaredDistances(int n, int d, boolean root) {
    int s = stride;
    bounds[0] = INF;
    bounds[1] = -INF;
    for (int i = 0; i < n; i++) {
      int row = i * s;
      if (VECTOR) {
        VectorAssignment.squaredDistancesRow(this, i, d, root);
      } else {
        int xi = i * d;
        for (int j = 0; j < n; j++) {
          double acc = 0;
          for (int k = 0; k < d; k++) {
            double t = xBuf[xi + k] - ytBuf[k * s + j];
            acc += t * t;
          }
          c[row + j] = root ? Math.sqrt(acc) : acc;
        }
      }
      for (int j = n; j < s; j++) {
        c[row + j] = INF;
      }
      rowBounds(row, n);
    }
  }

  private void potentials(int n) {
    int s = stride;
    for (int i = 0; i < n; i++) {
      int j = colOfRow[i];
      rowDual[i] = c[i * s + j] - v[j];
    }
    System.arraycopy(v, 0, colDual, 0, n);
  }

  // ---------------------------------------------------------------- driver

  /** Widens {@link #bounds} to the smallest and largest cost of the row at {@code row}. */
  private void rowBounds(int row, int n) {
    int j = VECTOR ? VectorAssignment.minMax(c, row, n, bounds) : 0;
    for (; j < n; j++) {
      bounds[0] = Math.min(bounds[0], c[row + j]);
      bounds[1] = Math.max(bounds[1], c[row + j]);
    }
  }

  /** Solves the costs in {@link #c}, whose extreme values are in {@link #bounds}. */
  private void solveCore(int n) {
    int s = stride;
    bids = 0;
    paths = 0;
    double lo = bounds[0];
    double hi = bounds[1];
    Arrays.fill(colOfRow, 0, n, -1);
    Arrays.fill(rowOfCol, 0, Math.max(s, fstride), -1);
    Arrays.fill(v, 0, s, 0);
    double range = hi - lo;
    if (n > 1 && range > 0 && Double.isFinite(range)) {
      toFloat(n, lo, range);
      auction(n);
      exactFloat(n);
      for (int j = 0; j < n; j++) {
        v[j] = vf[j] * range;
      }
    }
    int numFree = tighten(n);
    for (int f = 0; f < numFree; f++) {
      augment(n, queue[f]);
      paths++;
    }
  }

  // ---------------------------------------------------------------- float warm start

  /** cf = (float) ((c - lo) / range), padded with +infinity; pf = -(column minima of cf). */
  private void toFloat(int n, double lo, double range) {
    int s = stride;
    int fs = fstride;
    if (cf.length < n * fs) {
      cf = new float[n * fs];
    }
    double scale = 1 / range;
    Arrays.fill(pf, 0, fs, 0f);
    Arrays.fill(pf, 0, n, FINF);
    for (int i = 0; i < n; i++) {
      int row = i * s;
      int rowF = i * fs;
      for (int j = 0; j < n; j++) {
        cf[rowF + j] = (float) ((c[row + j] - lo) * scale);
      }
      Arrays.fill(cf, rowF + n, rowF + fs, FINF);
      if (VECTOR) {
        VectorAssignment.columnMinima(this, rowF);
      } else {
        for (int k = 0; k < fs; k++) {
          pf[k] = Math.min(cf[rowF + k], pf[k]);
        }
      }
    }
    for (int j = 0; j < n; j++) {
      pf[j] = -pf[j];
    }
  }

  /**
   * Best and second best of cf[i, j] + pf[j] over the row starting at {@code rowF} (all values
   * are >= 0 and compared as int bit patterns): returns the first argmin, sets {@link #best1} and
   * {@link #best2} (equal on a tie).
   */
  int bestTwo(int rowF) {
    return VECTOR ? VectorAssignment.bestTwo(this, rowF) : bestTwoScalar(rowF);
  }

  private int bestTwoScalar(int rowF) {
    int m1 = Integer.MAX_VALUE;
    int m2 = Integer.MAX_VALUE;
    int j1 = 0;
    for (int j = 0; j < fstride; j++) {
      int w = Float.floatToRawIntBits(cf[rowF + j] + pf[j]);
      if (w < m1) {
        m2 = m1;
        m1 = w;
        j1 = j;
      } else if (w < m2) {
        m2 = w;
      }
    }
    best1 = Float.intBitsToFloat(m1);
    best2 = Float.intBitsToFloat(m2);
    return j1;
  }

  /** min_j cf[i, j] + pf[j] over the row at {@code rowF} (all values >= 0: int bit patterns). */
  float minPricedF(int rowF) {
    return Float.intBitsToFloat(VECTOR ? VectorAssignment.minPricedF(this, rowF) : minPricedFScalar(rowF));
  }

  private int minPricedFScalar(int rowF) {
    int m = Integer.MAX_VALUE;
    for (int j = 0; j < fstride; j++) {
      m = Math.min(m, Float.floatToRawIntBits(cf[rowF + j] + pf[j]));
    }
    return m;
  }

  /**
   * Epsilon-scaling auction on cf with prices pf (Gauss-Seidel: one bid at a time, rows that
   * lose their column queued again). Between phases, rows whose eps-complementary slackness
   * fails give up their column. Stops after a budget of bids with a possibly partial assignment.
   */
  private void auction(int n) {
    int fs = fstride;
    long budget = 64L * n + 4096;
    float eps = 1 / EPS_START_DIVISOR;
    while (true) {
      int count = 0;
      for (int i = 0; i < n; i++) {
        int j = colOfRow[i];
        if (j >= 0) {
          if (cf[i * fs + j] + pf[j] > minPricedF(i * fs) + eps) {
            rowOfCol[j] = -1;
            colOfRow[i] = -1;
          }
        }
        if (colOfRow[i] < 0) {
          queue[count++] = i;
        }
      }
      int head = 0;
      while (count > 0) {
        if (bids >= budget) {
          return; // the warm start has done its share; the exact stages finish the job
        }
        int i = queue[head];
        head = head + 1 == n ? 0 : head + 1;
        count--;
        int j1 = bestTwo(i * fs);
        bids++;
        pf[j1] += best2 - best1 + eps;
        int previous = rowOfCol[j1];
        rowOfCol[j1] = i;
        colOfRow[i] = j1;
        if (previous >= 0) {
          colOfRow[previous] = -1;
          int tail = head + count;
          queue[tail >= n ? tail - n : tail] = previous;
          count++;
        }
      }
      if (eps <= EPS_END) {
        return;
      }
      eps = Math.max(eps / EPS_FACTOR, EPS_END);
    }
  }

  /** min_j cf[i, j] - vf[j] over the row at {@code rowF} (any sign: order-preserving keys). */
  float minReducedF(int rowF) {
    int k = VECTOR ? VectorAssignment.minReducedKeyF(this, rowF) : minReducedKeyFScalar(rowF);
    return Float.intBitsToFloat(k ^ ((k >> 31) >>> 1));
  }

  private int minReducedKeyFScalar(int rowF) {
    int k = Integer.MAX_VALUE;
    for (int j = 0; j < fstride; j++) {
      int w = Float.floatToRawIntBits(cf[rowF + j] - vf[j]);
      k = Math.min(k, w ^ ((w >> 31) >>> 1));
    }
    return k;
  }

  /**
   * Float stage: vf = -pf; assigned columns raised until their rows are tight, rows still not
   * tight (or never assigned) freed and assigned along shortest paths. Leaves an optimal
   * assignment of cf in colOfRow / rowOfCol and its column potentials in vf.
   */
  private void exactFloat(int n) {
    int fs = fstride;
    for (int j = 0; j < fs; j++) {
      vf[j] = -pf[j];
    }
    for (int i = 0; i < n; i++) {
      int j = colOfRow[i];
      if (j >= 0) {
        float r = (cf[i * fs + j] - vf[j]) - minReducedF(i * fs);
        if (r > 0) {
          vf[j] += r;
        }
      }
    }
    int numFree = 0;
    for (int i = 0; i < n; i++) {
      int j = colOfRow[i];
      if (j >= 0 && cf[i * fs + j] - vf[j] > minReducedF(i * fs)) {
        colOfRow[i] = -1;
        rowOfCol[j] = -1;
      }
      if (colOfRow[i] < 0) {
        queue[numFree++] = i;
      }
    }
    for (int f = 0; f < numFree; f++) {
      augmentF(queue[f]);
    }
  }

  private static float max0(float x) {
    return x > 0 ? x : 0f;
  }

  /**
   * distF = min(distF, max(0, (cf[row] - vfScan) + h)) over all columns; returns the first
   * argmin of the new distF and sets {@link #muF}.
   */
  int relaxF(int rowF, float h) {
    return VECTOR ? VectorAssignment.relaxF(this, rowF, h) : relaxFScalar(rowF, h);
  }

  private int relaxFScalar(int rowF, float h) {
    int m = Integer.MAX_VALUE;
    int arg = 0;
    for (int j = 0; j < fstride; j++) {
      int nd = Math.max(Float.floatToRawIntBits((cf[rowF + j] - vfScan[j]) + h), 0);
      int dn = Math.min(Float.floatToRawIntBits(distF[j]), nd);
      distF[j] = Float.intBitsToFloat(dn);
      if (dn < m) {
        m = dn;
        arg = j;
      }
    }
    muF = Float.intBitsToFloat(m);
    return arg;
  }

  /** {@link #augment} in float on cf / vf. */
  private void augmentF(int f) {
    int fs = fstride;
    Arrays.fill(distF, 0, fs, FINF);
    System.arraycopy(vf, 0, vfScan, 0, fs);
    float h0 = -minReducedF(f * fs);
    int js = relaxF(f * fs, h0);
    int k = 0;
    while (rowOfCol[js] >= 0) {
      settled[k] = js;
      settledDistF[k] = muF;
      settledAt[js] = k;
      distF[js] = FINF;
      vfScan[js] = Float.NEGATIVE_INFINITY;
      int i = rowOfCol[js];
      float h = muF - (cf[i * fs + js] - vf[js]);
      scannedRows[k] = i;
      rowShiftF[k] = h;
      k++;
      js = relaxF(i * fs, h);
    }
    float end = muF;
    int col = js;
    float dj = end;
    int limit = k;
    while (true) {
      int pred = -1;
      if (max0((cf[f * fs + col] - vf[col]) + h0) == dj) {
        pred = f;
      } else {
        for (int t = 0; t < limit; t++) {
          int r = scannedRows[t];
          if (max0((cf[r * fs + col] - vf[col]) + rowShiftF[t]) == dj) {
            pred = r;
            break;
          }
        }
      }
      if (pred < 0) {
        throw new IllegalStateException("assignment (float stage): no predecessor of column " + col);
      }
      int next = colOfRow[pred];
      rowOfCol[col] = pred;
      colOfRow[pred] = col;
      if (pred == f) {
        break;
      }
      col = next;
      limit = settledAt[col];
      dj = settledDistF[limit];
    }
    for (int t = 0; t < k; t++) {
      vf[settled[t]] += settledDistF[t] - end;
    }
  }

  // ---------------------------------------------------------------- exact stage (double)

  /** min_j c[i, j] - v[j] over the row at {@code row} (any sign: order-preserving keys). */
  double minReduced(int row) {
    long k = VECTOR ? VectorAssignment.minReducedKey(this, row) : minReducedKeyScalar(row);
    return Double.longBitsToDouble(k ^ ((k >> 63) >>> 1));
  }

  private long minReducedKeyScalar(int row) {
    long k = Long.MAX_VALUE;
    for (int j = 0; j < stride; j++) {
      long w = Double.doubleToRawLongBits(c[row + j] - v[j]);
      k = Math.min(k, w ^ ((w >> 63) >>> 1));
    }
    return k;
  }

  /**
   * Raises v of each assigned column until its row is tight, then frees the rows still not
   * tight; lists every free row in {@link #queue} and returns their number.
   */
  private int tighten(int n) {
    int s = stride;
    for (int i = 0; i < n; i++) {
      int j = colOfRow[i];
      if (j >= 0) {
        double r = (c[i * s + j] - v[j]) - minReduced(i * s);
        if (r > 0) {
          v[j] += r;
        }
      }
    }
    int numFree = 0;
    for (int i = 0; i < n; i++) {
      int j = colOfRow[i];
      if (j >= 0 && c[i * s + j] - v[j] > minReduced(i * s)) {
        colOfRow[i] = -1;
        rowOfCol[j] = -1;
      }
      if (colOfRow[i] < 0) {
        queue[numFree++] = i;
      }
    }
    return numFree;
  }

  private static double max0(double x) {
    return x > 0 ? x : 0.0;
  }

  /**
   * dist = min(dist, max(0, (c[row] - vScan) + h)) over all columns (bit patterns of
   * non-negative doubles as long keys); returns the first argmin of the new dist, sets {@link
   * #mu}.
   */
  int relax(int row, double h) {
    return VECTOR ? VectorAssignment.relax(this, row, h) : relaxScalar(row, h);
  }

  private int relaxScalar(int row, double h) {
    long m = Long.MAX_VALUE;
    int arg = 0;
    for (int j = 0; j < stride; j++) {
      long nd = Math.max(Double.doubleToRawLongBits((c[row + j] - vScan[j]) + h), 0L);
      long dn = Math.min(Double.doubleToRawLongBits(dist[j]), nd);
      dist[j] = Double.longBitsToDouble(dn);
      if (dn < m) {
        m = dn;
        arg = j;
      }
    }
    mu = Double.longBitsToDouble(m);
    return arg;
  }

  /**
   * Assigns free row {@code f} along a shortest augmenting path: Dijkstra over the columns with
   * edge lengths c[i, j] - v_j - u_i (u_i = min_k c[i, k] - v_k; >= 0 up to rounding, clamped),
   * scanning the row of the column settled last, until it reaches a free column; then moves the
   * potentials of the settled columns (v_j += d_j - d_end) and flips the path. The predecessor of
   * a column on the path is recovered as the first scanned row (before that column was settled)
   * whose relaxation gave its distance, so no predecessor array is updated in the dense loop.
   */
  private void augment(int n, int f) {
    int s = stride;
    Arrays.fill(dist, 0, s, INF);
    System.arraycopy(v, 0, vScan, 0, s);
    double h0 = -minReduced(f * s);
    int js = relax(f * s, h0);
    int k = 0;
    while (rowOfCol[js] >= 0) {
      settled[k] = js;
      settledDist[k] = mu;
      settledAt[js] = k;
      dist[js] = INF;
      vScan[js] = Double.NEGATIVE_INFINITY;
      int i = rowOfCol[js];
      double h = mu - (c[i * s + js] - v[js]);
      scannedRows[k] = i;
      rowShift[k] = h;
      k++;
      js = relax(i * s, h);
    }
    double end = mu;
    int col = js;
    double dj = end;
    int limit = k;
    while (true) {
      int pred = -1;
      if (max0((c[f * s + col] - v[col]) + h0) == dj) {
        pred = f;
      } else {
        for (int t = 0; t < limit; t++) {
          int r = scannedRows[t];
          if (max0((c[r * s + col] - v[col]) + rowShift[t]) == dj) {
            pred = r;
            break;
          }
        }
      }
      if (pred < 0) {
        throw new IllegalStateException("assignment: no predecessor of column " + col);
      }
      int next = colOfRow[pred];
      rowOfCol[col] = pred;
      colOfRow[pred] = col;
      if (pred == f) {
        break;
      }
      col = next;
      limit = settledAt[col];
      dj = settledDist[limit];
    }
    for (int t = 0; t < k; t++) {
      v[settled[t]] += settledDist[t] - end;
    }
  }
}
