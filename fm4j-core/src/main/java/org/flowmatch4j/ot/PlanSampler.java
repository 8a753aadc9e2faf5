package org.flowmatch4j.ot;

import java.util.random.RandomGenerator;

/**
 * Draws index pairs (i, j) from a transport plan, as TorchCFM's {@code OTPlanSampler.sample_map}
 * does: the plan is flattened and normalised to a probability vector p_ij = P_ij / sum(P), and
 * {@code count} pairs are drawn independently with replacement (i, j = divmod(k, m)). This is how
 * OT-CFM turns an exact or entropic minibatch plan into training pairs (x0[i], x1[j]).
 *
 * <p>An instance keeps its cumulative-sum buffer between calls (no allocation for plans of a size
 * already seen). Randomness comes only from the generator passed in, so the same seed gives the
 * same pairs. Not thread-safe.
 */
public final class PlanSampler {
  private double[] cumulative = new double[0];

  /** A sampler with an empty buffer. */
  public PlanSampler() {}

  /**
   * Draws {@code iOut.length} pairs from the dense row-major n x m plan {@code plan} (non-
   * negative, positive total) into {@code iOut} and {@code jOut}.
   *
   * <p>Modified: {@code iOut}, {@code jOut}, the generator's state. Not modified: {@code plan}.
   */
  public void sample(
      double[] plan, int n, int m, RandomGenerator rng, int[] iOut, int[] jOut) {
    int size = n * m;
    if (n < 1 || m < 1 || plan.length < size) {
      throw new IllegalArgumentException(
          "plan of length " + plan.length + " does not hold an " + n + "x" + m + " matrix");
    }
    if (jOut.length != iOut.length) {
      throw new IllegalArgumentException(
          "output arrays of lengths " + iOut.length + " and " + jOut.length + " differ");
    }
    if (cumulative.length < size) {
      cumulative = new double[size];
    }
    double total = 0;
    for (int k = 0; k < size; k++) {
      double p = plan[k];
      if (!(p >= 0) || p == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException(
            "plan entry (" + k / m + ", " + k % m + ") is " + p
                + "; a plan must be finite and non-negative");
      }
      total += p;
      cumulative[k] = total;
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("the plan has no mass to sample from");
    }
    for (int s = 0; s < iOut.length; s++) {
      int k = search(cumulative, size, rng.nextDouble() * total);
      iOut[s] = k / m;
      jOut[s] = k - (k / m) * m;
    }
  }

  /** Draws pairs from a sparse exact plan (see {@link #sample(double[], int, int, RandomGenerator, int[], int[])}). */
  public void sample(TransportPlan plan, RandomGenerator rng, int[] iOut, int[] jOut) {
    int size = plan.size();
    if (jOut.length != iOut.length) {
      throw new IllegalArgumentException(
          "output arrays of lengths " + iOut.length + " and " + jOut.length + " differ");
    }
    if (cumulative.length < size) {
      cumulative = new double[size];
    }
    double total = 0;
    for (int k = 0; k < size; k++) {
      total += plan.mass(k);
      cumulative[k] = total;
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("the plan has no mass to sample from");
    }
    for (int s = 0; s < iOut.length; s++) {
      int k = search(cumulative, size, rng.nextDouble() * total);
      iOut[s] = plan.row(k);
      jOut[s] = plan.col(k);
    }
  }

  /**
   * Draws pairs from the exact plan of an equal-size uniform problem, the permutation {@code
   * perm} scaled by 1/n (p_ij = 1/n when j = perm[i]): i is uniform on 0..n-1 and j = perm[i].
   */
  public static void sample(int[] perm, int n, RandomGenerator rng, int[] iOut, int[] jOut) {
    if (perm.length < n || n < 1) {
      throw new IllegalArgumentException(
          "permutation of length " + perm.length + " for n = " + n);
    }
    if (jOut.length != iOut.length) {
      throw new IllegalArgumentException(
          "output arrays of lengths " + iOut.length + " and " + jOut.length + " differ");
    }
    for (int s = 0; s < iOut.length; s++) {
      int i = rng.nextInt(n);
      iOut[s] = i;
      jOut[s] = perm[i];
    }
  }

  /** The first k with cumulative[k] > r (clamped to the last entry with positive mass). */
  private static int search(double[] cumulative, int size, double r) {
    int lo = 0;
    int hi = size - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > r) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    // Rounding can leave r at the very top: step back to an entry that carries mass.
    while (lo > 0 && cumulative[lo] == cumulative[lo - 1]) {
      lo--;
    }
    return lo;
  }
}
