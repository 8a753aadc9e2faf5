package org.flowmatch4j.ot;

/**
 * Exact earth mover's distance by the primal network simplex method on the complete bipartite
 * transportation network: n sources with supplies a_i, m targets with demands b_j, one arc i -> j
 * of cost C[i, j] per pair. It returns an optimal basic solution of
 *
 * <pre>
 *   min_P  sum_ij P_ij C_ij   subject to  P >= 0,  P 1_m = a,  P^T 1_n = b,
 * </pre>
 *
 * with at most n + m - 1 positive flows.
 *
 * <p>Method (the design of LEMON's and POT's {@code NetworkSimplexSimple}, implemented here from
 * the textbook algorithm): an artificial root joins every node; the start basis sends each supply
 * to the root and each demand from it at cost A = 2 max|C| + 1 (large enough that an optimal
 * solution carries nothing on artificial arcs, because any root path u -> root -> v costs more
 * than the direct arc u -> v). The spanning tree is kept as parent / predecessor-arc / preorder
 * thread / subtree size / last successor arrays; a pivot re-hangs the subtree cut off by the
 * leaving arc by relinking the few stretches of the preorder thread that change (time
 * proportional to the stem between the entering and the leaving arc, not to the subtree), and
 * shifts the potentials of the smaller of the two sides. The entering arc is chosen by block search (blocks of
 * sqrt(nm) arcs, the most negative reduced cost C_ij + pi_i - pi_j of the first block that has
 * one), vectorised along each row. The leaving arc is the first blocking arc met in the
 * orientation that keeps the tree strongly feasible, which rules out cycling.
 *
 * <p>Pricing reads every arc's cost about a hundred times per solve, so on a dense matrix of more
 * than 2 MiB it is memory-bound. Such problems are first priced on a float copy of the costs
 * (half the bytes): a block's rounded minimum r' = fl(C_ij) + pi_i - pi_j counts only when
 * r' &lt; -4 * 2^-24 max|C|, which makes the exact reduced cost negative too (|fl(c) - c| &lt;= 2^-24
 * |c|); the arc then enters only if its exact reduced cost passes the test below, and with that
 * value. When the float copy shows no such arc, pricing switches to the double costs for the rest
 * of the solve, so optimality is decided exactly as without the copy.
 *
 * <p>Exactness: an arc enters only when its reduced cost is below -1e-14 max(|C_ij|, |pi_i|,
 * |pi_j|), rounding-level from zero. When no arc qualifies, the potentials are recomputed from the
 * tree (removing the drift of incremental updates) and every arc is priced again; only then does
 * the solver stop. So the returned plan is optimal to double precision, and a solve that reaches
 * the pivot limit throws {@link NotConvergedException} instead of returning a plan.
 *
 * <p>Costs are read from a dense matrix or computed on the fly from two point clouds (no n x m
 * array, which lets 5,000 x 5,000 and larger problems run in a few megabytes of tree arrays plus
 * one bit per arc).
 *
 * <p>An instance keeps its work arrays between calls (not thread-safe; use one per thread).
 */
public final class NetworkSimplex {
  /** Relative tolerance of the pricing test (a few units in the last place). */
  static final double PRICING_EPS = 1e-14;

  /**
   * Dense problems with at least this many arcs (a 2 MiB cost matrix, beyond a core's L2 cache)
   * are priced on a float copy of the costs until it finds no entering arc.
   */
  static final long FLOAT_SCAN_MIN_ARCS = 1L << 18;

  private long maxIterations = -1;

  // problem
  private int n;
  private int m;
  private int nodeCount; // n + m + 1, root last
  private int root;
  private int realArcs; // n * m
  private ArcCosts costs;
  private double artCost;
  private double[] supply;

  // spanning tree, indexed by node
  private int[] parent = new int[0];
  private int[] pred = new int[0];
  private boolean[] predUp = new boolean[0];
  private double[] predFlow = new double[0];
  private int[] thread = new int[0];
  private int[] revThread = new int[0];
  private int[] succNum = new int[0];
  private int[] lastSucc = new int[0];
  private double[] pi = new double[0];
  private int[] segFirst = new int[0];
  private int[] segLast = new int[0];
  private int[] stem = new int[0];
  private long[] inTree = new long[0];

  // block search state
  private int blockSize;
  private long nextArc;
  private double enteringReduced;

  // pricing with the costs rounded to float (dense matrices of at least floatScanMinArcs arcs)
  private long floatScanMinArcs = FLOAT_SCAN_MIN_ARCS;
  private float[] roundedCosts = new float[0];
  private ArcCosts.Dense roundedScan;
  private double roundedBar;

  private long pivots;

  /** A solver with the default pivot limit (see {@link #maxIterations(long)}). */
  public NetworkSimplex() {}

  /**
   * Sets the pivot limit; a non-positive value restores the default, 10^6 + 2,000 (n + m) pivots
   * (more than 20 times what the solves measured for this class needed). Returns this.
   */
  public NetworkSimplex maxIterations(long limit) {
    this.maxIterations = limit;
    return this;
  }

  /**
   * Sets the size (arcs) from which a dense problem is first priced on a float copy of its costs;
   * for tests of that route on small problems. Returns this.
   */
  NetworkSimplex floatScanMinArcs(long arcs) {
    this.floatScanMinArcs = arcs;
    return this;
  }

  /**
   * Solves the problem with a dense cost matrix.
   *
   * @param a source weights, length n, non-negative, finite, positive total
   * @param b target weights, length m, same total as {@code a} up to a relative 1e-6 (b is then
   *     rescaled to a's total exactly)
   * @param cost row-major n x m finite costs
   */
  public TransportPlan solve(double[] a, double[] b, double[] cost) {
    if (cost.length != (long) a.length * b.length) {
      throw new IllegalArgumentException(
          "cost matrix of length " + cost.length + " does not match " + a.length + " source and "
              + b.length + " target weights (expected " + (long) a.length * b.length + ")");
    }
    for (int k = 0; k < cost.length; k++) {
      if (!Double.isFinite(cost[k])) {
        throw new IllegalArgumentException(
            "cost matrix entry (" + k / b.length + ", " + k % b.length + ") is " + cost[k]
                + "; costs must be finite");
      }
    }
    Marginals w = Marginals.check(a, b);
    double[] c = cost;
    if (w.compressed()) {
      c = new double[w.n() * w.m()];
      for (int i = 0; i < w.n(); i++) {
        int row = w.rowIndex()[i] * b.length;
        for (int j = 0; j < w.m(); j++) {
          c[i * w.m() + j] = cost[row + w.colIndex()[j]];
        }
      }
    }
    return run(w, new ArcCosts.Dense(c, w.n(), w.m()));
  }

  /**
   * Solves the problem between two point clouds with ground cost {@code ground}, computing each
   * cost when it is needed (no n x m matrix).
   *
   * @param a source weights (n)
   * @param x sources, n x d row-major
   * @param b target weights (m)
   * @param y targets, m x d row-major
   */
  public TransportPlan solve(
      double[] a, double[] x, double[] b, double[] y, int d, GroundCost ground) {
    if (d < 1) {
      throw new IllegalArgumentException("points need at least one coordinate, got d = " + d);
    }
    Points.requireFinite(x, a.length, d, "source points");
    Points.requireFinite(y, b.length, d, "target points");
    Marginals w = Marginals.check(a, b);
    double[] xs = w.compressed() ? Marginals.selectRows(x, d, w.rowIndex()) : x;
    double[] ys = w.compressed() ? Marginals.selectRows(y, d, w.colIndex()) : y;
    return run(w, new ArcCosts.OnTheFly(xs, w.n(), ys, w.m(), d, ground));
  }

  private TransportPlan run(Marginals w, ArcCosts arcCosts) {
    TransportPlan plan;
    if (w.n() == 1 || w.m() == 1) {
      plan = trivial(w, arcCosts);
    } else {
      init(w, arcCosts);
      iterate();
      plan = extract(w);
    }
    costs = null;
    return plan;
  }

  /** One source or one target: the plan is forced. */
  private static TransportPlan trivial(Marginals w, ArcCosts c) {
    int k = Math.max(w.n(), w.m());
    int[] rows = new int[k];
    int[] cols = new int[k];
    double[] mass = new double[k];
    Sum cost = new Sum();
    for (int t = 0; t < k; t++) {
      int i = w.n() == 1 ? 0 : t;
      int j = w.n() == 1 ? t : 0;
      mass[t] = w.n() == 1 ? w.b()[j] : w.a()[i];
      rows[t] = w.rowIndex()[i];
      cols[t] = w.colIndex()[j];
      cost.add(mass[t] * c.cost(i, j));
    }
    return new TransportPlan(w.nOriginal(), w.mOriginal(), rows, cols, mass, cost.value(), 0);
  }

  private void init(Marginals w, ArcCosts arcCosts) {
    n = w.n();
    m = w.m();
    costs = arcCosts;
    long arcs = (long) n * m;
    if (arcs + n + m > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "a " + n + "x" + m + " transport problem has too many arcs for this solver");
    }
    realArcs = (int) arcs;
    nodeCount = n + m + 1;
    root = n + m;
    ensureCapacity(nodeCount, realArcs);
    supply = new double[n + m];
    System.arraycopy(w.a(), 0, supply, 0, n);
    for (int j = 0; j < m; j++) {
      supply[n + j] = -w.b()[j];
    }
    double maxAbs = arcCosts.maxAbs();
    artCost = 2 * maxAbs + 1;
    java.util.Arrays.fill(inTree, 0, (realArcs + 63) >>> 6, 0L);

    parent[root] = -1;
    pred[root] = -1;
    predFlow[root] = 0;
    pi[root] = 0;
    succNum[root] = nodeCount;
    lastSucc[root] = root - 1;
    thread[root] = 0;
    revThread[0] = root;
    for (int u = 0; u < root; u++) {
      parent[u] = root;
      pred[u] = realArcs + u;
      thread[u] = u + 1;
      revThread[u + 1] = u;
      succNum[u] = 1;
      lastSucc[u] = u;
      if (u < n) {
        predUp[u] = true;
        predFlow[u] = supply[u];
        pi[u] = 0;
      } else {
        predUp[u] = false;
        predFlow[u] = -supply[u];
        pi[u] = artCost;
      }
    }
    thread[root - 1] = root;
    revThread[root] = root - 1;

    blockSize = (int) Math.max(10, Math.sqrt((double) realArcs));
    nextArc = 0;
    pivots = 0;
    roundedScan = null;
    if (arcCosts instanceof ArcCosts.Dense dense && realArcs >= floatScanMinArcs) {
      if (roundedCosts.length < realArcs) {
        roundedCosts = new float[realArcs];
      }
      dense.roundInto(roundedCosts);
      roundedScan = dense;
      // below this, a rounded reduced cost proves the exact one negative
      roundedBar = -4 * 0x1p-24 * maxAbs;
    }
  }

  private void ensureCapacity(int nodes, int arcs) {
    if (parent.length < nodes) {
      parent = new int[nodes];
      pred = new int[nodes];
      predUp = new boolean[nodes];
      predFlow = new double[nodes];
      thread = new int[nodes];
      revThread = new int[nodes];
      succNum = new int[nodes];
      lastSucc = new int[nodes];
      pi = new double[nodes];
      segFirst = new int[2 * nodes + 2];
      segLast = new int[2 * nodes + 2];
      stem = new int[nodes];
    }
    int words = (arcs + 63) >>> 6;
    if (inTree.length < words) {
      inTree = new long[words];
    }
  }

  private long pivotLimit() {
    return maxIterations > 0 ? maxIterations : 1_000_000L + 2_000L * (n + m);
  }

  private void iterate() {
    long limit = pivotLimit();
    initialPivots(limit);
    long sinceRefresh = 0;
    while (true) {
      int arc = findEntering();
      if (arc < 0 && roundedScan != null) {
        // The float copy shows no clearly negative arc: exact pricing from here on.
        roundedScan = null;
        continue;
      }
      if (arc < 0) {
        // Confirm with drift-free potentials before declaring optimality.
        refreshPotentials();
        sinceRefresh = 0;
        arc = findEntering();
        if (arc < 0) {
          return;
        }
      }
      if (isTreeArc(arc)) {
        // Potential drift made a tree arc look negative: recompute and price again.
        if (sinceRefresh == 0) {
          throw new IllegalStateException(
              "network simplex: tree arc " + arc + " prices negative right after a refresh");
        }
        refreshPotentials();
        sinceRefresh = 0;
        continue;
      }
      if (pivots >= limit) {
        throw new NotConvergedException(
            "network simplex reached its limit of " + limit + " pivots on a " + n + "x" + m
                + " problem before optimality; raise maxIterations");
      }
      pivot(arc, enteringReduced);
      if (++sinceRefresh >= nodeCount) {
        refreshPotentials();
        sinceRefresh = 0;
      }
    }
  }

  /** Start heuristic: bring the cheapest arc into every target, if it prices negative. */
  private void initialPivots(long limit) {
    int[] argMin = new int[m];
    costs.columnArgMin(argMin);
    for (int j = 0; j < m; j++) {
      int i = argMin[j];
      int t = n + j;
      double c = costs.cost(i, j);
      double r = c + pi[i] - pi[t];
      int arc = i * m + j;
      if (r < -tolerance(c, pi[i], pi[t]) && !isTreeArc(arc) && pivots < limit) {
        pivot(arc, r);
      }
    }
    refreshPotentials();
  }

  private static double tolerance(double c, double piS, double piT) {
    return PRICING_EPS * Math.max(Math.abs(c), Math.max(Math.abs(piS), Math.abs(piT)));
  }

  /**
   * Block search: scans arcs from where the last search stopped, in blocks of {@link #blockSize};
   * returns the best arc of the first block that holds a negative enough one, or -1 after a full
   * pass without one. Sets {@link #enteringReduced}.
   */
  private int findEntering() {
    long total = realArcs;
    double min = 0;
    int bestI = -1;
    int bestJ = -1;
    long e = nextArc;
    long scanned = 0;
    int left = blockSize;
    while (scanned < total) {
      int i = (int) (e / m);
      int j0 = (int) (e - (long) i * m);
      int len = (int) Math.min(Math.min(m - j0, left), total - scanned);
      int j = roundedScan != null ? roundedScan.rowMinRounded(i, j0, j0 + len, pi[i], pi, min)
          : costs.rowMin(i, j0, j0 + len, pi[i], pi, min);
      if (j >= 0) {
        min = costs.lastMin;
        bestI = i;
        bestJ = j;
      }
      e += len;
      if (e == total) {
        e = 0;
      }
      scanned += len;
      left -= len;
      if (left == 0) {
        if (bestI >= 0 && isNegative(min, bestI, bestJ)) {
          nextArc = e;
          return bestI * m + bestJ;
        }
        left = blockSize;
      }
    }
    if (bestI >= 0 && isNegative(min, bestI, bestJ)) {
      nextArc = e;
      return bestI * m + bestJ;
    }
    return -1;
  }

  /**
   * Whether arc (i, j), found with reduced cost {@code reduced} (rounded costs when {@link
   * #roundedScan} is set), may enter; if so, sets {@link #enteringReduced} to its exact reduced
   * cost.
   */
  private boolean isNegative(double reduced, int i, int j) {
    double c = costs.cost(i, j);
    double exact = reduced;
    if (roundedScan != null) {
      if (reduced >= roundedBar) {
        return false;
      }
      exact = c + pi[i] - pi[n + j];
    }
    enteringReduced = exact;
    return exact < -tolerance(c, pi[i], pi[n + j]);
  }

  private boolean isTreeArc(int arc) {
    return (inTree[arc >>> 6] & (1L << arc)) != 0;
  }

  private void setTreeArc(int arc, boolean on) {
    if (arc < realArcs) {
      if (on) {
        inTree[arc >>> 6] |= 1L << arc;
      } else {
        inTree[arc >>> 6] &= ~(1L << arc);
      }
    }
  }

  private int arcSource(int arc) {
    if (arc < realArcs) {
      return arc / m;
    }
    int u = arc - realArcs;
    return u < n ? u : root;
  }

  private double arcCost(int arc) {
    if (arc < realArcs) {
      int i = arc / m;
      return costs.cost(i, arc - i * m);
    }
    return arc - realArcs < n ? 0 : artCost;
  }

  /** One simplex pivot: arc {@code in} (reduced cost {@code reduced} < 0) enters the basis. */
  private void pivot(int in, double reduced) {
    pivots++;
    int first = in / m;
    int second = n + (in - first * m);

    int u = first;
    int v = second;
    while (u != v) {
      if (succNum[u] < succNum[v]) {
        u = parent[u];
      } else {
        v = parent[v];
      }
    }
    int join = u;

    // Leaving arc: the first blocking arc met when walking the cycle in flow direction
    // (strict comparison on the first path, non-strict on the second).
    double delta = Double.POSITIVE_INFINITY;
    int uOut = -1;
    boolean onFirst = true;
    for (u = first; u != join; u = parent[u]) {
      if (predUp[u] && predFlow[u] < delta) {
        delta = predFlow[u];
        uOut = u;
      }
    }
    for (u = second; u != join; u = parent[u]) {
      if (!predUp[u] && predFlow[u] <= delta) {
        delta = predFlow[u];
        uOut = u;
        onFirst = false;
      }
    }
    if (uOut < 0) {
      throw new IllegalStateException("unbounded cycle in the transportation network");
    }
    if (delta > 0) {
      for (u = first; u != join; u = parent[u]) {
        predFlow[u] += predUp[u] ? -delta : delta;
      }
      for (u = second; u != join; u = parent[u]) {
        predFlow[u] += predUp[u] ? delta : -delta;
      }
    }
    int uIn = onFirst ? first : second;
    int vIn = onFirst ? second : first;
    setTreeArc(pred[uOut], false);
    setTreeArc(in, true);
    int size = moveSubtree(uIn, vIn, uOut, join, in, delta);
    shiftPotentials(uIn, size, uIn == first ? -reduced : reduced);
  }

  /**
   * Cuts the subtree S of {@code uOut} off its parent and hangs it from {@code vIn} through the
   * entering arc at {@code uIn} (a node of S), re-rooting S at uIn, in time proportional to the
   * length of the stem uIn .. uOut plus the ancestor walks (S itself is not visited). Returns |S|.
   *
   * <p>The new preorder of S is a concatenation of stretches of the old one: the subtree of
   * stem[0] = uIn, then for each later stem node s its old subtree minus that of the stem node
   * below it, which is at most two stretches (before and after the hole). Only the thread links
   * at stretch ends change.
   */
  private int moveSubtree(int uIn, int vIn, int uOut, int join, int in, double inFlow) {
    int size = succNum[uOut];
    int k = 0;
    stem[0] = uIn;
    while (stem[k] != uOut) {
      stem[k + 1] = parent[stem[k]];
      k++;
    }
    int segments = 0;
    segFirst[segments] = uIn;
    segLast[segments++] = lastSucc[uIn];
    for (int q = 1; q <= k; q++) {
      int s = stem[q];
      int below = stem[q - 1];
      segFirst[segments] = s;
      segLast[segments++] = revThread[below];
      int lastBelow = lastSucc[below];
      int lastS = lastSucc[s];
      if (lastBelow != lastS) {
        segFirst[segments] = thread[lastBelow];
        segLast[segments++] = lastS;
      }
    }
    int newLast = segLast[segments - 1];
    int oldLast = lastSucc[uOut];
    int vOut = parent[uOut];

    // Unlink S from the preorder thread.
    int before = revThread[uOut];
    int after = thread[oldLast];
    thread[before] = after;
    revThread[after] = before;
    for (int a = vOut; a != -1 && lastSucc[a] == oldLast; a = parent[a]) {
      lastSucc[a] = before;
    }
    for (int a = vOut; a != join; a = parent[a]) {
      succNum[a] -= size;
    }

    // Chain the stretches in their new order.
    for (int t = 0; t + 1 < segments; t++) {
      thread[segLast[t]] = segFirst[t + 1];
      revThread[segFirst[t + 1]] = segLast[t];
    }

    // Reverse the stem: each stem node hangs from the one below it, through the arc that joined
    // them (its direction seen from the new child flips).
    for (int q = k; q >= 1; q--) {
      int s = stem[q];
      int below = stem[q - 1];
      parent[s] = below;
      pred[s] = pred[below];
      predUp[s] = !predUp[below];
      predFlow[s] = predFlow[below];
      succNum[s] = size - succNum[below];
      lastSucc[s] = newLast;
    }
    parent[uIn] = vIn;
    pred[uIn] = in;
    predUp[uIn] = arcSource(in) == uIn;
    predFlow[uIn] = inFlow;
    succNum[uIn] = size;
    lastSucc[uIn] = newLast;

    // Thread S right after vIn.
    int afterIn = thread[vIn];
    thread[vIn] = uIn;
    revThread[uIn] = vIn;
    thread[newLast] = afterIn;
    revThread[afterIn] = newLast;
    for (int a = vIn; a != -1 && lastSucc[a] == vIn; a = parent[a]) {
      lastSucc[a] = newLast;
    }
    for (int a = vIn; a != join; a = parent[a]) {
      succNum[a] += size;
    }
    return size;
  }

  /**
   * Adds sigma to the potentials of the moved subtree S (preorder block uIn .. lastSucc[uIn]),
   * or, when S holds more than half of the nodes, subtracts it from all other nodes instead
   * (potentials matter only up to a common constant).
   */
  private void shiftPotentials(int uIn, int size, double sigma) {
    if (2 * size <= nodeCount) {
      int x = uIn;
      for (int c = 0; c < size; c++) {
        pi[x] += sigma;
        x = thread[x];
      }
    } else {
      int skipTo = thread[lastSucc[uIn]];
      int x = root;
      do {
        if (x == uIn) {
          x = skipTo;
          continue;
        }
        pi[x] -= sigma;
        x = thread[x];
      } while (x != root);
    }
  }

  /** Recomputes every potential from the tree (pi_root = 0, zero reduced cost on tree arcs). */
  private void refreshPotentials() {
    pi[root] = 0;
    for (int u = thread[root]; u != root; u = thread[u]) {
      double c = arcCost(pred[u]);
      pi[u] = predUp[u] ? pi[parent[u]] - c : pi[parent[u]] + c;
    }
  }

  private TransportPlan extract(Marginals w) {
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += supply[i];
    }
    double artificial = 0;
    int count = 0;
    for (int u = 0; u < root; u++) {
      if (pred[u] >= realArcs) {
        artificial += predFlow[u];
      } else if (predFlow[u] > 0) {
        count++;
      }
    }
    if (artificial > 1e-12 * total) {
      throw new IllegalStateException(
          "network simplex ended with mass " + artificial + " of " + total
              + " on artificial arcs; the problem is infeasible");
    }
    int[] rows = new int[count];
    int[] cols = new int[count];
    double[] mass = new double[count];
    Sum cost = new Sum();
    int k = 0;
    for (int u = 0; u < root; u++) {
      int arc = pred[u];
      if (arc < realArcs && predFlow[u] > 0) {
        int i = arc / m;
        int j = arc - i * m;
        rows[k] = w.rowIndex()[i];
        cols[k] = w.colIndex()[j];
        mass[k] = predFlow[u];
        cost.add(predFlow[u] * costs.cost(i, j));
        k++;
      }
    }
    return new TransportPlan(w.nOriginal(), w.mOriginal(), rows, cols, mass, cost.value(), pivots);
  }
}
