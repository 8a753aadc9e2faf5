package org.flowmatch4j.ot;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.flowmatch4j.tensor.VectorExp;

/**
 * The Vector API loops of {@link Points}, {@link Sinkhorn} and {@link ArcCosts} over rows of
 * doubles. This class is loaded only when the module {@code jdk.incubator.vector} is present
 * ({@link Points#VECTOR}); each caller keeps a scalar loop that does the same work without it.
 *
 * <p>Loops that leave a tail return where they stopped (a multiple of {@link #LANES} from their
 * start); the caller finishes the tail with its scalar loop, so the two paths share the code that
 * handles the last elements. Exponentials are {@link VectorExp#exp}, whose lanes have the bits of
 * the scalar loops' {@link org.flowmatch4j.tensor.Exp#exp} however far the JIT has compiled them.
 */
final class VectorRows {
  static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  /** Doubles per vector. */
  static final int LANES = SPECIES.length();
  /** Floats in a vector of the preferred shape: two double vectors' worth. */
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  /** 0, 1, ..., LANES - 1 as doubles (indices carried in double lanes). */
  private static final double[] IOTA = new double[LANES];

  static {
    for (int l = 0; l < LANES; l++) {
      IOTA[l] = l;
    }
  }

  private VectorRows() {}

  /** The end of the whole vectors in {@code [0, len)}: {@code len - len % LANES}. */
  static int end(int len) {
    return len - len % LANES;
  }

  // ---------------------------------------------------------------- Points

  /** {@link Points#squaredDistancesRow} over whole vectors from j0; returns where it stopped. */
  static int squaredDistancesRow(double[] x, int xi, int d, double[] yt, int m, int j0, int j1, double[] out, int off) {
    int j = j0;
    for (; j <= j1 - LANES; j += LANES) {
      squared(x, xi, d, yt, m, j).intoArray(out, off + j);
    }
    return j;
  }

  /**
   * {@link #squaredDistancesRow} from j = 0 for the four rows of x at offsets xi, xi + d, xi + 2d,
   * xi + 3d at once, row q to {@code out[off + q m + j]}: each vector of y is loaded and negated
   * once for the four, and every element is computed with the operations of {@link #squared} in
   * its order. Returns where it stopped.
   */
  static int squaredDistancesRows4(double[] x, int xi, int d, double[] yt, int m, double[] out, int off) {
    int j = 0;
    for (; j <= m - LANES; j += LANES) {
      DoubleVector a0 = DoubleVector.zero(SPECIES);
      DoubleVector a1 = a0;
      DoubleVector a2 = a0;
      DoubleVector a3 = a0;
      for (int k = 0; k < d; k++) {
        DoubleVector ny = DoubleVector.fromArray(SPECIES, yt, k * m + j).neg();
        DoubleVector t0 = ny.add(x[xi + k]);
        DoubleVector t1 = ny.add(x[xi + d + k]);
        DoubleVector t2 = ny.add(x[xi + 2 * d + k]);
        DoubleVector t3 = ny.add(x[xi + 3 * d + k]);
        a0 = a0.add(t0.mul(t0));
        a1 = a1.add(t1.mul(t1));
        a2 = a2.add(t2.mul(t2));
        a3 = a3.add(t3.mul(t3));
      }
      a0.intoArray(out, off + j);
      a1.intoArray(out, off + m + j);
      a2.intoArray(out, off + 2 * m + j);
      a3.intoArray(out, off + 3 * m + j);
    }
    return j;
  }

  /** ||x_i - y_j||^2 for the LANES targets starting at j (same operation order as the scalar loop). */
  private static DoubleVector squared(double[] x, int xi, int d, double[] yt, int m, int j) {
    DoubleVector acc = DoubleVector.zero(SPECIES);
    for (int k = 0; k < d; k++) {
      DoubleVector t = DoubleVector.fromArray(SPECIES, yt, k * m + j).neg().add(x[xi + k]);
      acc = acc.add(t.mul(t));
    }
    return acc;
  }

  // ---------------------------------------------------------------- Sinkhorn

  /** out[k] = a[k] * factor over whole vectors of [0, len); returns where it stopped. */
  static int scale(double[] a, double factor, double[] out, int len) {
    int k = 0;
    for (; k <= len - LANES; k += LANES) {
      DoubleVector.fromArray(SPECIES, a, k).mul(factor).intoArray(out, k);
    }
    return k;
  }

  /** Math.max over c[0, end) ({@code end} a multiple of {@link #LANES}); -infinity for none. */
  static double max(double[] c, int end) {
    DoubleVector mx = DoubleVector.broadcast(SPECIES, Double.NEGATIVE_INFINITY);
    for (int k = 0; k < end; k += LANES) {
      mx = mx.max(DoubleVector.fromArray(SPECIES, c, k));
    }
    return mx.reduceLanes(VectorOperators.MAX);
  }

  /**
   * out[at] = Math.min and out[at + 1] = Math.max over c[from, from + k) in one pass, where k is
   * the length of the whole vectors in [from, to); returns from + k. +infinity and -infinity for
   * none, NaN for both if some entry is NaN.
   */
  static int range(double[] c, int from, int to, double[] out, int at) {
    DoubleVector lo = DoubleVector.broadcast(SPECIES, Double.POSITIVE_INFINITY);
    DoubleVector hi = DoubleVector.broadcast(SPECIES, Double.NEGATIVE_INFINITY);
    int k = from;
    for (; k <= to - LANES; k += LANES) {
      DoubleVector t = DoubleVector.fromArray(SPECIES, c, k);
      lo = lo.min(t);
      hi = hi.max(t);
    }
    out[at] = lo.reduceLanes(VectorOperators.MIN);
    out[at + 1] = hi.reduceLanes(VectorOperators.MAX);
    return k;
  }

  /** Whether every one of the first {@code len} entries of {@code c} is finite (0 * x is NaN for the others). */
  static boolean allFinite(double[] c, int len) {
    DoubleVector acc = DoubleVector.zero(SPECIES);
    int k = 0;
    for (; k <= len - LANES; k += LANES) {
      acc = acc.add(DoubleVector.fromArray(SPECIES, c, k).mul(0.0));
    }
    double s = acc.reduceLanes(VectorOperators.ADD);
    for (; k < len; k++) {
      s += c[k] * 0.0;
    }
    return s == 0;
  }

  /**
   * kernel[row + j] = exp(c[row + j] * factor) over j in [0, end) ({@code end} a multiple of
   * {@link #LANES}); returns max |c[row + j] * factor| there (0 for none).
   */
  static double scaleExpRow(double[] c, int row, double factor, double[] kernel, int end) {
    DoubleVector big = DoubleVector.zero(SPECIES);
    for (int j = 0; j < end; j += LANES) {
      DoubleVector t = DoubleVector.fromArray(SPECIES, c, row + j).mul(factor);
      VectorExp.exp(t).intoArray(kernel, row + j);
      big = big.max(t.abs());
    }
    return big.reduceLanes(VectorOperators.MAX);
  }

  /** out[row + j] = exp(mc[row + j] + h[j] + c) over whole vectors of a row of m; returns where it stopped. */
  static int expRow(double[] mc, int row, double[] h, double c, double[] out, int m) {
    int j = 0;
    for (; j <= m - LANES; j += LANES) {
      VectorExp.exp(DoubleVector.fromArray(SPECIES, mc, row + j).add(DoubleVector.fromArray(SPECIES, h, j)).add(c))
          .intoArray(out, row + j);
    }
    return j;
  }

  /** out[j] += exp(mc[row + j] + h[j] + c) over whole vectors of a row of m; returns where it stopped. */
  static int addExpRow(double[] mc, int row, double[] h, double c, double[] out, int m) {
    int j = 0;
    for (; j <= m - LANES; j += LANES) {
      DoubleVector t =
          VectorExp.exp(DoubleVector.fromArray(SPECIES, mc, row + j).add(DoubleVector.fromArray(SPECIES, h, j)).add(c));
      DoubleVector.fromArray(SPECIES, out, j).add(t).intoArray(out, j);
    }
    return j;
  }

  /** sum_j exp(mc[row + j] + h[j] + c) over j in [0, end), end a multiple of LANES. */
  static double sumExpRow(double[] mc, int row, double[] h, double c, int end) {
    DoubleVector acc = DoubleVector.zero(SPECIES);
    for (int j = 0; j < end; j += LANES) {
      acc = acc.add(
          VectorExp.exp(DoubleVector.fromArray(SPECIES, mc, row + j).add(DoubleVector.fromArray(SPECIES, h, j)).add(c)));
    }
    return acc.reduceLanes(VectorOperators.ADD);
  }

  /**
   * {@code sum_j a[row + j] v[j]} over {@code [0, end)} ({@code end} a multiple of {@link #LANES})
   * with four accumulators over blocks of 4 {@link #LANES}, for long rows.
   */
  static double dotRowUnrolled(double[] a, int row, double[] v, int end) {
    DoubleVector acc = DoubleVector.zero(SPECIES);
    DoubleVector acc2 = DoubleVector.zero(SPECIES);
    DoubleVector acc3 = DoubleVector.zero(SPECIES);
    DoubleVector acc4 = DoubleVector.zero(SPECIES);
    int j = 0;
    for (; j <= end - 4 * LANES; j += 4 * LANES) {
      acc = DoubleVector.fromArray(SPECIES, a, row + j).fma(DoubleVector.fromArray(SPECIES, v, j), acc);
      acc2 = DoubleVector.fromArray(SPECIES, a, row + j + LANES).fma(DoubleVector.fromArray(SPECIES, v, j + LANES), acc2);
      acc3 = DoubleVector.fromArray(SPECIES, a, row + j + 2 * LANES)
          .fma(DoubleVector.fromArray(SPECIES, v, j + 2 * LANES), acc3);
      acc4 = DoubleVector.fromArray(SPECIES, a, row + j + 3 * LANES)
          .fma(DoubleVector.fromArray(SPECIES, v, j + 3 * LANES), acc4);
    }
    acc = acc.add(acc3);
    acc2 = acc2.add(acc4);
    for (; j < end; j += LANES) {
      acc = DoubleVector.fromArray(SPECIES, a, row + j).fma(DoubleVector.fromArray(SPECIES, v, j), acc);
    }
    return acc.add(acc2).reduceLanes(VectorOperators.ADD);
  }

  /**
   * {@link #dotRowUnrolled} for the four rows starting at {@code row}, {@code row + m}, {@code
   * row + 2m}, {@code row + 3m} in one sweep that loads each block of {@code v} once: {@code
   * out[q] = sum_j a[row + q m + j] v[j]} over {@code [0, end)}, each row summed in exactly the
   * order of {@link #dotRowUnrolled} (same accumulators, same final additions), so the four
   * results are those of four separate calls bit for bit.
   */
  static void dotRows4(double[] a, int row, int m, double[] v, int end, double[] out) {
    int r0 = row;
    int r1 = row + m;
    int r2 = row + 2 * m;
    int r3 = row + 3 * m;
    DoubleVector z = DoubleVector.zero(SPECIES);
    DoubleVector a0 = z, a1 = z, a2 = z, a3 = z, b0 = z, b1 = z, b2 = z, b3 = z;
    DoubleVector c0 = z, c1 = z, c2 = z, c3 = z, d0 = z, d1 = z, d2 = z, d3 = z;
    int j = 0;
    for (; j <= end - 4 * LANES; j += 4 * LANES) {
      DoubleVector v0 = DoubleVector.fromArray(SPECIES, v, j);
      DoubleVector v1 = DoubleVector.fromArray(SPECIES, v, j + LANES);
      DoubleVector v2 = DoubleVector.fromArray(SPECIES, v, j + 2 * LANES);
      DoubleVector v3 = DoubleVector.fromArray(SPECIES, v, j + 3 * LANES);
      a0 = DoubleVector.fromArray(SPECIES, a, r0 + j).fma(v0, a0);
      a1 = DoubleVector.fromArray(SPECIES, a, r0 + j + LANES).fma(v1, a1);
      a2 = DoubleVector.fromArray(SPECIES, a, r0 + j + 2 * LANES).fma(v2, a2);
      a3 = DoubleVector.fromArray(SPECIES, a, r0 + j + 3 * LANES).fma(v3, a3);
      b0 = DoubleVector.fromArray(SPECIES, a, r1 + j).fma(v0, b0);
      b1 = DoubleVector.fromArray(SPECIES, a, r1 + j + LANES).fma(v1, b1);
      b2 = DoubleVector.fromArray(SPECIES, a, r1 + j + 2 * LANES).fma(v2, b2);
      b3 = DoubleVector.fromArray(SPECIES, a, r1 + j + 3 * LANES).fma(v3, b3);
      c0 = DoubleVector.fromArray(SPECIES, a, r2 + j).fma(v0, c0);
      c1 = DoubleVector.fromArray(SPECIES, a, r2 + j + LANES).fma(v1, c1);
      c2 = DoubleVector.fromArray(SPECIES, a, r2 + j + 2 * LANES).fma(v2, c2);
      c3 = DoubleVector.fromArray(SPECIES, a, r2 + j + 3 * LANES).fma(v3, c3);
      d0 = DoubleVector.fromArray(SPECIES, a, r3 + j).fma(v0, d0);
      d1 = DoubleVector.fromArray(SPECIES, a, r3 + j + LANES).fma(v1, d1);
      d2 = DoubleVector.fromArray(SPECIES, a, r3 + j + 2 * LANES).fma(v2, d2);
      d3 = DoubleVector.fromArray(SPECIES, a, r3 + j + 3 * LANES).fma(v3, d3);
    }
    a0 = a0.add(a2);
    a1 = a1.add(a3);
    b0 = b0.add(b2);
    b1 = b1.add(b3);
    c0 = c0.add(c2);
    c1 = c1.add(c3);
    d0 = d0.add(d2);
    d1 = d1.add(d3);
    for (; j < end; j += LANES) {
      DoubleVector vj = DoubleVector.fromArray(SPECIES, v, j);
      a0 = DoubleVector.fromArray(SPECIES, a, r0 + j).fma(vj, a0);
      b0 = DoubleVector.fromArray(SPECIES, a, r1 + j).fma(vj, b0);
      c0 = DoubleVector.fromArray(SPECIES, a, r2 + j).fma(vj, c0);
      d0 = DoubleVector.fromArray(SPECIES, a, r3 + j).fma(vj, d0);
    }
    out[0] = a0.add(a1).reduceLanes(VectorOperators.ADD);
    out[1] = b0.add(b1).reduceLanes(VectorOperators.ADD);
    out[2] = c0.add(c1).reduceLanes(VectorOperators.ADD);
    out[3] = d0.add(d1).reduceLanes(VectorOperators.ADD);
  }

  /**
   * {@code out[j] += a[row + q m + j] s[q0 + q]} for q = 0, 1, 2, 3 in turn, each fused, over
   * whole vectors of a row of m: the sums of four {@link #axpyRow} calls bit for bit, with
   * {@code out} loaded and stored once instead of four times. Returns where it stopped.
   */
  static int axpyRows4(double[] a, int row, int m, double[] s, int q0, double[] out) {
    DoubleVector s0 = DoubleVector.broadcast(SPECIES, s[q0]);
    DoubleVector s1 = DoubleVector.broadcast(SPECIES, s[q0 + 1]);
    DoubleVector s2 = DoubleVector.broadcast(SPECIES, s[q0 + 2]);
    DoubleVector s3 = DoubleVector.broadcast(SPECIES, s[q0 + 3]);
    int j = 0;
    for (; j <= m - LANES; j += LANES) {
      DoubleVector o = DoubleVector.fromArray(SPECIES, out, j);
      o = DoubleVector.fromArray(SPECIES, a, row + j).fma(s0, o);
      o = DoubleVector.fromArray(SPECIES, a, row + m + j).fma(s1, o);
      o = DoubleVector.fromArray(SPECIES, a, row + 2 * m + j).fma(s2, o);
      o = DoubleVector.fromArray(SPECIES, a, row + 3 * m + j).fma(s3, o);
      o.intoArray(out, j);
    }
    return j;
  }

  /** out[j] += a[row + j] s (fused) over whole vectors of a row of m; returns where it stopped. */
  static int axpyRow(double[] a, int row, double s, double[] out, int m) {
    DoubleVector sv = DoubleVector.broadcast(SPECIES, s);
    int j = 0;
    for (; j <= m - LANES; j += LANES) {
      DoubleVector.fromArray(SPECIES, a, row + j).fma(sv, DoubleVector.fromArray(SPECIES, out, j)).intoArray(out, j);
    }
    return j;
  }

  /**
   * One row of a plan from scalings over j in [0, end): p_j = kernel[row + j] v[j] ui written to
   * plan[out + j]; sums[at] = sum p_j, sums[at + 1] = sum p_j mc_j (fused) with mc_j = cost[row + j]
   * factor.
   */
  static void planRowFromKernel(
      double[] kernel, double[] cost, double factor, int row, double[] v, double ui, double[] plan, int out, int end,
      double[] sums, int at) {
    DoubleVector accM = DoubleVector.zero(SPECIES);
    DoubleVector accP = DoubleVector.zero(SPECIES);
    for (int j = 0; j < end; j += LANES) {
      DoubleVector c = DoubleVector.fromArray(SPECIES, cost, row + j).mul(factor);
      DoubleVector p =
          DoubleVector.fromArray(SPECIES, kernel, row + j).mul(DoubleVector.fromArray(SPECIES, v, j)).mul(ui);
      p.intoArray(plan, out + j);
      accM = accM.add(p);
      accP = p.fma(c, accP);
    }
    sums[at] = accM.reduceLanes(VectorOperators.ADD);
    sums[at + 1] = accP.reduceLanes(VectorOperators.ADD);
  }

  /**
   * One row of a plan from potentials over j in [0, end): p_j = exp(mc[row + j] + g[j] + fi)
   * written to plan[out + j]; sums as in {@link #planRowFromKernel}.
   */
  static void planRowFromPotentials(
      double[] mc, int row, double[] g, double fi, double[] plan, int out, int end, double[] sums, int at) {
    DoubleVector accM = DoubleVector.zero(SPECIES);
    DoubleVector accP = DoubleVector.zero(SPECIES);
    for (int j = 0; j < end; j += LANES) {
      DoubleVector c = DoubleVector.fromArray(SPECIES, mc, row + j);
      DoubleVector p = VectorExp.exp(c.add(DoubleVector.fromArray(SPECIES, g, j)).add(fi));
      p.intoArray(plan, out + j);
      accM = accM.add(p);
      accP = p.fma(c, accP);
    }
    sums[at] = accM.reduceLanes(VectorOperators.ADD);
    sums[at + 1] = accP.reduceLanes(VectorOperators.ADD);
  }

  // ---------------------------------------------------------------- ArcCosts

  /** out[j] = sqrt(out[j]) over whole vectors from j0; returns where it stopped. */
  static int sqrt(double[] out, int j0, int j1) {
    int j = j0;
    for (; j <= j1 - LANES; j += LANES) {
      DoubleVector.fromArray(SPECIES, out, j).lanewise(VectorOperators.SQRT).intoArray(out, j);
    }
    return j;
  }

  /**
   * {@link ArcCosts#minOf(double[], int, int, double, double[], int, double)} over whole vectors:
   * a vector test r_k < (running minimum) over each group of lanes; only groups that hold a
   * smaller value are searched lane by lane, with the same operations, so the result is exact.
   * Returns where it stopped; the running minimum and its index are in {@code a.lastMin} and
   * {@code a.lastArg}.
   */
  static int minOf(ArcCosts a, double[] c, int off, int len, double piI, double[] pi, int piOff, double below) {
    DoubleVector p = DoubleVector.broadcast(SPECIES, piI);
    double min = below;
    int best = -1;
    int k = 0;
    for (; k <= len - LANES; k += LANES) {
      DoubleVector r = DoubleVector.fromArray(SPECIES, c, off + k).add(p)
          .sub(DoubleVector.fromArray(SPECIES, pi, piOff + k));
      if (r.lt(min).anyTrue()) {
        for (int l = k; l < k + LANES; l++) {
          double rl = c[off + l] + piI - pi[piOff + l];
          if (rl < min) {
            min = rl;
            best = l;
          }
        }
      }
    }
    a.lastMin = min;
    a.lastArg = best;
    return k;
  }

  /**
   * As {@link #minOf(ArcCosts, double[], int, int, double, double[], int, double)} for costs held
   * as floats. Each group of LANES floats is widened as the lower half of a full-width float
   * vector loaded at its start (conversion part 0, which the JIT compiles to one instruction; part
   * 1 goes through a shuffle it does not); vectors of any other shape (a half-width float vector)
   * would make the JIT compile every other vector kernel of the process without its intrinsics.
   * The loop stops where a full-width load would leave {@code c}.
   */
  static int minOf(ArcCosts a, float[] c, int off, int len, double piI, double[] pi, int piOff, double below) {
    DoubleVector p = DoubleVector.broadcast(SPECIES, piI);
    double min = below;
    int best = -1;
    int k = 0;
    int vectorEnd = Math.min(len - LANES, c.length - off - FLOATS.length());
    for (; k <= vectorEnd; k += LANES) {
      DoubleVector r = ((DoubleVector) FloatVector.fromArray(FLOATS, c, off + k).convert(VectorOperators.F2D, 0))
          .add(p)
          .sub(DoubleVector.fromArray(SPECIES, pi, piOff + k));
      if (r.lt(min).anyTrue()) {
        for (int l = k; l < k + LANES; l++) {
          double rl = (double) c[off + l] + piI - pi[piOff + l];
          if (rl < min) {
            min = rl;
            best = l;
          }
        }
      }
    }
    a.lastMin = min;
    a.lastArg = best;
    return k;
  }

  /**
   * Pricing of squared Euclidean costs computed on the fly over j in [j0, j1): the smallest
   * r_j = ||x_i - y_j||^2 + piI - pi[n + j] below {@code below}, two vectors of running minima
   * and their indices per pass. Returns where it stopped; the minimum so far and its index (-1
   * for none) are in {@code a.lastMin} and {@code a.lastArg}.
   */
  static int rowMinSquared(
      ArcCosts a, double[] x, int xi, int d, double[] yt, int j0, int j1, double piI, double[] pi, double below) {
    int m = a.m;
    int n = a.n;
    DoubleVector p = DoubleVector.broadcast(SPECIES, piI);
    DoubleVector b0 = DoubleVector.broadcast(SPECIES, below);
    DoubleVector k0 = DoubleVector.broadcast(SPECIES, -1);
    DoubleVector b1 = b0;
    DoubleVector k1 = k0;
    DoubleVector kv0 = DoubleVector.fromArray(SPECIES, IOTA, 0).add(j0);
    DoubleVector step = DoubleVector.broadcast(SPECIES, 2 * LANES);
    DoubleVector kv1 = kv0.add(LANES);
    int j = j0;
    for (; j <= j1 - 2 * LANES; j += 2 * LANES) {
      DoubleVector r0 = squared(x, xi, d, yt, m, j).add(p).sub(DoubleVector.fromArray(SPECIES, pi, n + j));
      DoubleVector r1 =
          squared(x, xi, d, yt, m, j + LANES).add(p).sub(DoubleVector.fromArray(SPECIES, pi, n + j + LANES));
      VectorMask<Double> lt0 = r0.lt(b0);
      b0 = b0.blend(r0, lt0);
      k0 = k0.blend(kv0, lt0);
      VectorMask<Double> lt1 = r1.lt(b1);
      b1 = b1.blend(r1, lt1);
      k1 = k1.blend(kv1, lt1);
      kv0 = kv0.add(step);
      kv1 = kv1.add(step);
    }
    reduce(a, b0, k0, b1, k1, below);
    return j;
  }

  /** The smallest of two (minimum, index) vector pairs; ties go to the smaller index. */
  private static void reduce(ArcCosts a, DoubleVector b0, DoubleVector k0, DoubleVector b1, DoubleVector k1, double below) {
    double[] laneMin = a.laneMin;
    double[] laneIdx = a.laneIdx;
    b0.intoArray(laneMin, 0);
    k0.intoArray(laneIdx, 0);
    double min = below;
    int best = -1;
    for (int pass = 0; pass < 2; pass++) {
      for (int l = 0; l < LANES; l++) {
        double v = laneMin[l];
        int idx = (int) laneIdx[l];
        if (idx >= 0 && (v < min || (v == min && idx < best))) {
          min = v;
          best = idx;
        }
      }
      b1.intoArray(laneMin, 0);
      k1.intoArray(laneIdx, 0);
    }
    a.lastMin = min;
    a.lastArg = best;
  }

  /**
   * Euclidean pricing without a square root per arc over j in [j0, j1): r_j = sqrt(s_j) + piI -
   * pi_j < min holds only if t_j = min - piI + pi_j > 0 and s_j < t_j^2; lanes passing that test
   * (slightly widened against rounding) are priced exactly. {@code buf} holds at least LANES
   * doubles. Returns where it stopped, the minimum so far and its index in {@code a.lastMin} and
   * {@code a.lastArg}.
   */
  static int rowMinEuclidean(
      ArcCosts a, double[] x, int xi, int d, double[] yt, int j0, int j1, double piI, double[] pi, double below,
      double[] buf) {
    int m = a.m;
    int n = a.n;
    double min = below;
    int best = -1;
    int j = j0;
    for (; j <= j1 - LANES; j += LANES) {
      DoubleVector s = squared(x, xi, d, yt, m, j);
      DoubleVector t = DoubleVector.fromArray(SPECIES, pi, n + j).add(min - piI);
      VectorMask<Double> maybe = t.compare(VectorOperators.GT, 0).and(s.lt(t.mul(t).mul(1 + 1e-9)));
      if (maybe.anyTrue()) {
        s.intoArray(buf, 0);
        for (int l = 0; l < LANES; l++) {
          double r = Math.sqrt(buf[l]) + piI - pi[n + j + l];
          if (r < min) {
            min = r;
            best = j + l;
          }
        }
      }
    }
    a.lastMin = min;
    a.lastArg = best;
    return j;
  }
}
