package org.flowmatch4j.ot;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.flowmatch4j.tensor.Matrix;

/**
 * Exact linear assignment: the permutation sigma minimising sum_i C[i, sigma(i)] for a dense
 * square n x n cost matrix. With uniform weights 1/n on both sides this is exactly the earth
 * mover's problem between two clouds of n points (the transportation polytope with uniform
 * marginals is the Birkhoff polytope, whose vertices are permutations), so its value divided by
 * n equals POT's {@code emd2(ones/n, ones/n, C)}.
 *
 * <p>Method, in two stages:
 *
 * <ol>
 *   <li><b>Auction with epsilon-scaling</b> (Bertsekas) computes near-optimal column prices p:
 *       an unassigned row i bids for its best column j1 = argmin_j C[i, j] + p_j and raises p_j1
 *       by (second best - best) + eps; eps starts at range(C) / 4 and shrinks by 6 per phase to
 *       range(C) * 1e-6. Rows whose eps-complementary slackness still holds keep their column
 *       between phases. This stage is only a warm start: it is stopped by a work budget, and its
 *       assignment is not trusted.
 *   <li><b>Shortest augmenting paths</b> (the augmentation phase of Jonker-Volgenant) make it
 *       exact: with column potentials v = -p, every row whose argmin column of C[i, j] - v_j is
 *       still free takes it, and each remaining row is assigned along a Dijkstra shortest path
 *       in reduced costs, after which the potentials of the settled columns are updated. This
 *       keeps u_i + v_j <= C[i, j] for all pairs with equality on assigned ones (u_i = min_j
 *       C[i, j] - v_j), which certifies optimality whatever the warm start was.
 * </ol>
 *
 * The plain Jonker-Volgenant start (column reduction and augmenting row reduction) is fast on
 * random cost matrices but not on the OT-CFM minibatch (noise against data, squared Euclidean):
 * there most columns reduce onto a few rows, and a 256 x 256 solve needed more than 200
 * augmenting paths. The auction spreads the rows first, and the paths left are short.
 *
 * <p>The hot loops (best and second best of a row, relaxation of a row) are vectorised with the
 * JDK Vector API. An instance owns every work array and reuses them for any size up to the
 * largest seen, so the minibatch case (one 256 x 256 solve per OT-CFM step) allocates nothing
 * after the first call. Not thread-safe: use one instance per thread.
 */
public final class Assignment {
  private static final VectorSpecies<Double> SPECIES = Points.SPECIES;
  private static final int VL = SPECIES.length();
  private static final double[] IOTA = new double[VL];

  static {
    for (int l = 0; l < VL; l++) {
      IOTA[l] = l;
    }
  }

  /** Auction: first eps = range / EPS_START_DIVISOR. */
  private static final double EPS_START_DIVISOR = 32;
  /** Auction: eps shrinks by this factor per phase. */
  private static final double EPS_FACTOR = 8;
  /** Auction: last eps = range * EPS_END (finer prices cost more bids than they save paths). */
  private static final double EPS_END = 1e-4;

  private int capacity;
  private int[] colOfRow = new int[0];
  private int[] rowOfCol = new int[0];
  private double[] price = new double[0];
  private double[] v = new double[0];
  private double[] u = new double[0];
  private double[] open = new double[0];
  private double[] predRow = new double[0];
  private int[] settled = new int[0];
  private double[] settledDist = new double[0];
  private int[] queue = new int[0];
  private double[] cost = new double[0];
  private double[] xBuf = new double[0];
  private double[] yBuf = new double[0];
  private final double[] lanes = new double[VL];

  private double bestValue;
  private double secondValue;
  private long bids;
  private long paths;

  /** A solver with no work arrays yet (they grow on first use). */
  public Assignment() {}

  /** A solver whose work arrays already fit n x n problems. */
  public Assignment(int n) {
    ensure(n);
  }

  private void ensure(int n) {
    if (n > capacity) {
      capacity = n;
      colOfRow = new int[n];
      rowOfCol = new int[n];
      price = new double[n];
      v = new double[n];
      u = new double[n];
      open = new double[n];
      predRow = new double[n];
      settled = new int[n];
      settledDist = new double[n];
      queue = new int[n];
    }
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
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int k = 0, nn = n * n; k < nn; k++) {
      double t = c[k];
      if (!Double.isFinite(t)) {
        throw new IllegalArgumentException(
            "cost entry (" + k / n + ", " + k % n + ") is " + t + "; costs must be finite");
      }
      lo = Math.min(lo, t);
      hi = Math.max(hi, t);
    }
    ensure(n);
    bids = 0;
    paths = 0;
    auction(c, n, hi - lo);
    int numFree = assignArgmins(c, n);
    for (int f = 0; f < numFree; f++) {
      augment(c, n, queue[f]);
      paths++;
    }
    Sum total = new Sum();
    for (int i = 0; i < n; i++) {
      int j = colOfRow[i];
      rowToCol[i] = j;
      u[i] = c[i * n + j] - v[j];
      total.add(c[i * n + j]);
    }
    return total.value();
  }

  /**
   * Optimal matching of the rows of {@code x} to the rows of {@code y} (both n x d) under {@code
   * ground}: writes the partner of each x_i into {@code rowToCol} and returns sum_i c(x_i,
   * y_rowToCol[i]). The cost matrix and point buffers are kept in this instance and reused.
   */
  public double solve(Matrix x, Matrix y, GroundCost ground, int[] rowToCol) {
    if (x.rows != y.rows || x.cols != y.cols) {
      throw new IllegalArgumentException(
          "assignment needs two point clouds of the same shape, got " + x.rows + "x" + x.cols
              + " and " + y.rows + "x" + y.cols);
    }
    int n = x.rows;
    if (n < 1) {
      throw new IllegalArgumentException("assignment needs at least one point per cloud");
    }
    if (xBuf.length < x.data.length) {
      xBuf = new double[x.data.length];
      yBuf = new double[y.data.length];
    }
    for (int k = 0; k < x.data.length; k++) {
      xBuf[k] = x.data[k];
      yBuf[k] = y.data[k];
    }
    if (cost.length < n * n) {
      cost = new double[n * n];
    }
    ground.pairwise(xBuf, n, yBuf, n, x.cols, cost);
    return solve(cost, n, rowToCol);
  }

  /** Row duals u of the last solve (first n entries): u_i = C[i, sigma(i)] - v_sigma(i). */
  public double[] rowPotentials() {
    return u;
  }

  /**
   * Column duals v of the last solve (first n entries): u_i + v_j <= C[i, j] for all i, j, with
   * equality on the assignment.
   */
  public double[] columnPotentials() {
    return v;
  }

  /** Shortest augmenting paths the last solve needed after its warm start. */
  public long augmentations() {
    return paths;
  }

  /** Bids the auction warm start made in the last solve. */
  public long bids() {
    return bids;
  }

  // ---------------------------------------------------------------- auction (warm start)

  /**
   * Best and second best of C[i, j] + p_j over row i: returns the first argmin j1, sets {@link
   * #bestValue} and {@link #secondValue} (+infinity when n = 1).
   */
  private int bestTwo(double[] c, int row, double[] p, int n) {
    DoubleVector inf = DoubleVector.broadcast(SPECIES, Double.POSITIVE_INFINITY);
    DoubleVector m1 = inf;
    DoubleVector m2 = inf;
    DoubleVector q1 = inf;
    DoubleVector q2 = inf;
    int j = 0;
    for (; j <= n - 2 * VL; j += 2 * VL) {
      DoubleVector w =
          DoubleVector.fromArray(SPECIES, c, row + j).add(DoubleVector.fromArray(SPECIES, p, j));
      DoubleVector x =
          DoubleVector.fromArray(SPECIES, c, row + j + VL)
              .add(DoubleVector.fromArray(SPECIES, p, j + VL));
      m2 = m2.min(m1.max(w));
      m1 = m1.min(w);
      q2 = q2.min(q1.max(x));
      q1 = q1.min(x);
    }
    m2 = m2.min(q2).min(m1.max(q1));
    m1 = m1.min(q1);
    double w1 = m1.reduceLanes(VectorOperators.MIN);
    double w2 = m2.reduceLanes(VectorOperators.MIN);
    m1.intoArray(lanes, 0);
    int skip = -1;
    for (int l = 0; l < VL; l++) {
      if (lanes[l] == w1 && skip < 0) {
        skip = l;
      } else {
        w2 = Math.min(w2, lanes[l]);
      }
    }
    int j1 = -1;
    if (skip >= 0 && w1 != Double.POSITIVE_INFINITY) {
      // Lane `skip` holds the minimum: it came from a position congruent to skip modulo VL.
      for (int k = skip; k < j; k += VL) {
        if (c[row + k] + p[k] == w1) {
          j1 = k;
          break;
        }
      }
    }
    for (; j < n; j++) {
      double w = c[row + j] + p[j];
      if (w < w1) {
        w2 = w1;
        w1 = w;
        j1 = j;
      } else if (w < w2) {
        w2 = w;
      }
    }
    bestValue = w1;
    secondValue = w2;
    return j1;
  }

  /**
   * Epsilon-scaling auction; leaves prices in {@link #price} and an (eps-
   * optimal or partial) assignment in {@link #colOfRow} / {@link #rowOfCol}.
   */
  private void auction(double[] c, int n, double range) {
    Arrays.fill(colOfRow, 0, n, -1);
    Arrays.fill(rowOfCol, 0, n, -1);
    if (range == 0 || n == 1) {
      Arrays.fill(price, 0, n, 0);
      return;
    }
    // Start from p_j = -min_i C[i, j]: every column is worth 0 to its closest row.
    System.arraycopy(c, 0, price, 0, n);
    for (int i = 1; i < n; i++) {
      int row = i * n;
      for (int j = 0; j < n; j++) {
        price[j] = Math.min(price[j], c[row + j]);
      }
    }
    for (int j = 0; j < n; j++) {
      price[j] = -price[j];
    }
    long budget = 64L * n + 4096;
    double eps = range / EPS_START_DIVISOR;
    double epsEnd = range * EPS_END;
    while (true) {
      // Queue the rows that are free or no longer eps-optimal.
      int count = 0;
      for (int i = 0; i < n; i++) {
        int j = colOfRow[i];
        if (j >= 0) {
          bestTwo(c, i * n, price, n);
          if (c[i * n + j] + price[j] > bestValue + eps) {
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
          return; // the warm start has done its share; the exact stage finishes the job
        }
        int i = queue[head];
        head = head + 1 == n ? 0 : head + 1;
        count--;
        int j1 = bestTwo(c, i * n, price, n);
        bids++;
        price[j1] += secondValue - bestValue + eps;
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
      if (eps <= epsEnd) {
        return;
      }
      eps = Math.max(eps / EPS_FACTOR, epsEnd);
    }
  }

  // ---------------------------------------------------------------- exact stage

  /**
   * Sets v = -p, gives every row its argmin column of C[i, j] - v_j when that column is still
   * free, and lists the other rows in {@link #queue}; returns their number.
   */
  private int assignArgmins(double[] c, int n) {
    Arrays.fill(colOfRow, 0, n, -1);
    Arrays.fill(rowOfCol, 0, n, -1);
    int numFree = 0;
    for (int i = 0; i < n; i++) {
      int j = bestTwo(c, i * n, price, n);
      if (rowOfCol[j] < 0) {
        rowOfCol[j] = i;
        colOfRow[i] = j;
      } else {
        queue[numFree++] = i;
      }
    }
    for (int j = 0; j < n; j++) {
      v[j] = -price[j];
    }
    return numFree;
  }

  /** The first column j of the smallest open[j]; sets {@link #bestValue}. */
  private int argminOpen(int n) {
    DoubleVector b0 = DoubleVector.broadcast(SPECIES, Double.POSITIVE_INFINITY);
    DoubleVector b1 = b0;
    int j = 0;
    for (; j <= n - 2 * VL; j += 2 * VL) {
      b0 = b0.min(DoubleVector.fromArray(SPECIES, open, j));
      b1 = b1.min(DoubleVector.fromArray(SPECIES, open, j + VL));
    }
    double min = b0.min(b1).reduceLanes(VectorOperators.MIN);
    for (int k = j; k < n; k++) {
      min = Math.min(min, open[k]);
    }
    bestValue = min;
    int k = 0;
    for (; k <= n - VL; k += VL) {
      VectorMask<Double> eq = DoubleVector.fromArray(SPECIES, open, k).eq(min);
      if (eq.anyTrue()) {
        return k + eq.firstTrue();
      }
    }
    for (; k < n; k++) {
      if (open[k] == min) {
        return k;
      }
    }
    throw new IllegalStateException("assignment: no open column left");
  }

  /**
   * Assigns free row {@code f} along a shortest augmenting path: Dijkstra over the columns with
   * edge lengths C[i, j] - v_j - u_i (non-negative), settling one column per step, until it
   * reaches a free column; then updates the potentials of the settled columns and flips the
   * path. {@code open[j]} is the tentative distance of an unsettled column and +infinity once j
   * is settled (finite costs keep every tentative distance finite).
   */
  private void augment(double[] c, int n, int f) {
    int rowF = f * n;
    DoubleVector fv = DoubleVector.broadcast(SPECIES, f);
    int j = 0;
    for (; j <= n - VL; j += VL) {
      DoubleVector d =
          DoubleVector.fromArray(SPECIES, c, rowF + j).sub(DoubleVector.fromArray(SPECIES, v, j));
      d.intoArray(open, j);
      fv.intoArray(predRow, j);
    }
    for (; j < n; j++) {
      open[j] = c[rowF + j] - v[j];
      predRow[j] = f;
    }
    int numSettled = 0;
    int end;
    double min;
    while (true) {
      int js = argminOpen(n);
      min = bestValue;
      if (rowOfCol[js] < 0) {
        end = js;
        break;
      }
      settled[numSettled] = js;
      settledDist[numSettled++] = min;
      open[js] = Double.POSITIVE_INFINITY;
      int i = rowOfCol[js];
      int row = i * n;
      double h = c[row + js] - v[js] - min;
      DoubleVector iv = DoubleVector.broadcast(SPECIES, i);
      int k = 0;
      for (; k <= n - VL; k += VL) {
        DoubleVector nd =
            DoubleVector.fromArray(SPECIES, c, row + k)
                .sub(DoubleVector.fromArray(SPECIES, v, k))
                .sub(h);
        DoubleVector o = DoubleVector.fromArray(SPECIES, open, k);
        VectorMask<Double> better = nd.lt(o).and(o.lt(Double.POSITIVE_INFINITY));
        if (better.anyTrue()) {
          o.blend(nd, better).intoArray(open, k);
          DoubleVector.fromArray(SPECIES, predRow, k).blend(iv, better).intoArray(predRow, k);
        }
      }
      for (; k < n; k++) {
        double nd = c[row + k] - v[k] - h;
        if (nd < open[k] && open[k] != Double.POSITIVE_INFINITY) {
          open[k] = nd;
          predRow[k] = i;
        }
      }
    }
    for (int s = 0; s < numSettled; s++) {
      v[settled[s]] += settledDist[s] - min;
    }
    int col = end;
    while (true) {
      int i = (int) predRow[col];
      rowOfCol[col] = i;
      int next = colOfRow[i];
      colOfRow[i] = col;
      if (i == f) {
        break;
      }
      col = next;
    }
  }
}
