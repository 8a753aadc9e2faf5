package org.flowmatch4j.fm.coupling;

import java.util.random.RandomGenerator;
import org.flowmatch4j.ot.Emd;
import org.flowmatch4j.ot.GroundCost;
import org.flowmatch4j.ot.PlanSampler;
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
 * is unique. Immutable and shared; each sampler holds its own buffers.
 */
public final class PopulationPlan {
  private final Matrix x0;
  private final Matrix x1;
  private final TransportPlan plan;

  private PopulationPlan(Matrix x0, Matrix x1, TransportPlan plan) {
    this.x0 = x0;
    this.x1 = x1;
    this.plan = plan;
  }

  /**
   * The exact plan between the rows of {@code x0} and {@code x1} (same dimension, not copied: they
   * must not change while the plan is used).
   */
  public static PopulationPlan exact(Matrix x0, Matrix x1) {
    if (x0.cols != x1.cols) {
      throw new IllegalArgumentException(
          "populations of dimension " + x0.cols + " and " + x1.cols + " cannot be coupled");
    }
    return new PopulationPlan(x0, x1, Emd.plan(x0, null, x1, null, GroundCost.SQ_EUCLIDEAN));
  }

  /** The plan (n0 x n1, sparse, total mass 1). */
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
    return "PopulationPlan[" + x0.rows + "x" + x1.rows + ", exact]";
  }
}
