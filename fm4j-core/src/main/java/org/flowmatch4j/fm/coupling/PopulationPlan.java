package org.flowmatch4j.fm.coupling;

import java.util.Arrays;
import java.util.Comparator;
import java.util.random.RandomGenerator;
import org.flowmatch4j.ot.Emd;
import org.flowmatch4j.ot.GroundCost;
import org.flowmatch4j.ot.PlanSampler;
import org.flowmatch4j.ot.Points;
import org.flowmatch4j.ot.TotalVariationEmd;
import org.flowmatch4j.ot.TransportPlan;
import org.flowmatch4j.tensor.Matrix;

/**
 * The exact optimal transport plan between two whole populations, x0 (n0 x d, weights 1 / n0) and
 * x1 (n1 x d, weights 1 / n1), under the squared Euclidean cost, computed once:
 *
 * <pre>
 *   pi = argmin over couplings of (1/n0, 1/n1) of  sum_ij pi_ij ||x0_i - x1_j||^2
 * </pre>
 *
 * Its {@link #sampler samplers} draw training pairs (x0_i, x1_j) independently with probability
 * pi_ij. Unlike minibatch OT, whose n x n plans of random subsets cross one another and average
 * the velocities of a crossing, every pair drawn here belongs to one globally optimal plan: pairs
 * do not cross (cyclical monotonicity), so the conditional velocity at a point of a straight path
 * is unique.
 *
 * <p>{@link #withReach} drops the pairs that the balanced plan only makes because the two
 * populations hold different shares of their cells in regions far apart (two branches of a
 * differentiation in other proportions at the two time points): such pairs are far longer than
 * the plan's others. Immutable and shared; each sampler holds its own buffers.
 */
public final class PopulationPlan {
  /**
   * Multiple of the interquartile range above the upper quartile beyond which a pair's squared
   * length counts as an outlier of the plan ({@link #withReach}): Tukey's "far out" fence.
   */
  public static final double FENCE_IQR = 3;

  /** Largest difference of an entry's mass for which the plan with a reach counts as the balanced plan. */
  static final double SAME_MASS = 1e-12;

  private final Matrix x0;
  private final Matrix x1;
  private final TransportPlan plan;
  private final String kind;

  private PopulationPlan(Matrix x0, Matrix x1, TransportPlan plan, String kind) {
    this.x0 = x0;
    this.x1 = x1;
    this.plan = plan;
    this.kind = kind;
  }

  /**
   * The exact plan between the rows of {@code x0} and {@code x1} (same dimension, not copied: they
   * must not change while the plan is used).
   */
  public static PopulationPlan exact(Matrix x0, Matrix x1) {
    requireSameDimension(x0, x1);
    return new PopulationPlan(x0, x1, Emd.plan(x0, null, x1, null, GroundCost.SQ_EUCLIDEAN), "exact");
  }

  /**
   * The exact plan with a reach: first the balanced plan pi of {@link #exact}; then the fence
   *
   * <pre>
   *   r^2 = Q3 + FENCE_IQR (Q3 - Q1)
   * </pre>
   *
   * of the squared lengths ||x0_i - x1_j||^2 of its pairs, Q1 and Q3 their quartiles weighted by
   * the pairs' masses pi_ij (the smallest length whose pairs, with all shorter ones, hold a quarter
   * and three quarters of the mass); then the exact unbalanced plan with total-variation marginal
   * penalties at price lambda = r^2 / 2 per unit of destroyed or created mass ({@link
   * TotalVariationEmd}), which transports no pair longer than r. Where no pair of pi lies far
   * beyond the fence the two plans often coincide; where the populations hold branches in
   * different proportions, the pairs that pi sends from one branch to another are the outliers,
   * and the new plan leaves their mass untransported instead. Where P has the entries of pi it is
   * pi, in pi's order (samplers then draw the pairs of {@link #exact} for the same seed). Samplers
   * draw pairs with probability P_ij / sum P. Needs the n0 x n1 cost matrix in memory ({@link Emd#DENSE_MAX_ARCS} entries at
   * most).
   *
   * @throws IllegalArgumentException for populations of different dimensions or too large for a
   *     stored cost matrix
   */
  public static PopulationPlan withReach(Matrix x0, Matrix x1) {
    requireSameDimension(x0, x1);
    if ((long) x0.rows * x1.rows > Emd.DENSE_MAX_ARCS) {
      throw new IllegalArgumentException("the plan with a reach between " + x0.rows + " and " + x1.rows
          + " cells needs their " + x0.rows + " x " + x1.rows + " cost matrix, more than " + Emd.DENSE_MAX_ARCS
          + " entries; use the exact plan (--coupling population)");
    }
    double[] cost = GroundCost.SQ_EUCLIDEAN.pairwise(
        Points.toDouble(x0, "source cells"), x0.rows, Points.toDouble(x1, "target cells"), x1.rows, x0.cols);
    TransportPlan pi = Emd.plan(Emd.uniform(x0.rows), Emd.uniform(x1.rows), cost);
    double[] length2 = new double[pi.size()];
    for (int k = 0; k < pi.size(); k++) {
      length2[k] = cost[pi.row(k) * x1.rows + pi.col(k)];
    }
    double reach2 = farOutFence(length2, pi.masses());
    TransportPlan p = TotalVariationEmd.plan(Emd.uniform(x0.rows), Emd.uniform(x1.rows), cost, reach2 / 2);
    return new PopulationPlan(x0, x1, samePlan(p, pi) ? pi : p,
        String.format(java.util.Locale.ROOT, "reach^2 %.4g", reach2));
  }

  /**
   * Whether {@code p} has the entries of {@code pi}: every pair's mass the same within {@link
   * #SAME_MASS}, a pair absent from one plan counting as 0 in it (an optimal basis may hold pairs
   * whose mass is only rounding). The plan with a reach is then returned as pi itself, entries in
   * pi's order, so that its samplers draw the same pairs as those of {@link #exact} for the same
   * seed.
   */
  private static boolean samePlan(TransportPlan p, TransportPlan pi) {
    java.util.Map<Long, Double> difference = new java.util.HashMap<>();
    for (int k = 0; k < pi.size(); k++) {
      difference.merge((long) pi.row(k) * pi.m() + pi.col(k), pi.mass(k), Double::sum);
    }
    for (int k = 0; k < p.size(); k++) {
      difference.merge((long) p.row(k) * p.m() + p.col(k), -p.mass(k), Double::sum);
    }
    for (double d : difference.values()) {
      if (Math.abs(d) > SAME_MASS) {
        return false;
      }
    }
    return true;
  }

  /**
   * Q3 + {@link #FENCE_IQR} (Q3 - Q1) of {@code values} weighted by {@code weights} (non-negative,
   * positive total): Q_p is the smallest value v whose weight together with that of all values
   * below v is at least p times the total.
   */
  static double farOutFence(double[] values, double[] weights) {
    Integer[] order = new Integer[values.length];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    Arrays.sort(order, Comparator.comparingDouble(k -> values[k]));
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double q1 = Double.NaN;
    double q3 = Double.NaN;
    double below = 0;
    for (int k : order) {
      below += weights[k];
      if (Double.isNaN(q1) && below >= 0.25 * total) {
        q1 = values[k];
      }
      if (below >= 0.75 * total) {
        q3 = values[k];
        break;
      }
    }
    if (Double.isNaN(q3)) {
      q3 = values[order[order.length - 1]]; // rounding left the running sum just below 3/4 of the total
    }
    return q3 + FENCE_IQR * (q3 - q1);
  }

  private static void requireSameDimension(Matrix x0, Matrix x1) {
    if (x0.cols != x1.cols) {
      throw new IllegalArgumentException(
          "populations of dimension " + x0.cols + " and " + x1.cols + " cannot be coupled");
    }
  }

  /** The plan (n0 x n1, sparse; total mass 1 for {@link #exact}, at most 1 for {@link #withReach}). */
  public TransportPlan plan() {
    return plan;
  }

  /** The pairs (x0_i, x1_j) with pi_ij &gt; 0, in the plan's order: every pair a sampler can draw. */
  public PairSupport support() {
    int m = plan.size();
    int d = x0.cols;
    Matrix a = new Matrix(m, d);
    Matrix b = new Matrix(m, d);
    for (int k = 0; k < m; k++) {
      System.arraycopy(x0.data, plan.row(k) * d, a.data, k * d, d);
      System.arraycopy(x1.data, plan.col(k) * d, b.data, k * d, d);
    }
    return new PairSupport(a, b);
  }

  /** A new sampler of pairs from the plan (not thread-safe; one per thread). */
  public PairSampler sampler() {
    return new Sampler();
  }

  /** Draws pairs with the plan's probabilities and gathers their rows. */
  private final class Sampler implements PairSampler {
    private final PlanSampler draw = new PlanSampler();
    private int[] i0 = new int[0];
    private int[] i1 = new int[0];

    @Override
    public int dim() {
      return x0.cols;
    }

    @Override
    public void sample(RandomGenerator rng, Matrix out0, Matrix out1) {
      int n = out0.rows;
      int d = x0.cols;
      out0.requireShape(n, d, "x0 batch");
      out1.requireShape(n, d, "x1 batch");
      if (i0.length != n) {
        i0 = new int[n];
        i1 = new int[n];
      }
      draw.sample(plan, rng, i0, i1);
      for (int k = 0; k < n; k++) {
        System.arraycopy(x0.data, i0[k] * d, out0.data, k * d, d);
        System.arraycopy(x1.data, i1[k] * d, out1.data, k * d, d);
      }
    }

    @Override
    public String toString() {
      return PopulationPlan.this.toString();
    }
  }

  @Override
  public String toString() {
    return "PopulationPlan[" + x0.rows + "x" + x1.rows + ", " + kind + "]";
  }
}
