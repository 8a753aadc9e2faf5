package org.flowmatch4j.fm.coupling;

import java.util.random.RandomGenerator;
import org.flowmatch4j.ot.Assignment;
import org.flowmatch4j.ot.Emd;
import org.flowmatch4j.ot.GroundCost;
import org.flowmatch4j.ot.PlanSampler;
import org.flowmatch4j.ot.TransportPlan;
import org.flowmatch4j.tensor.Matrix;

/**
 * Exact minibatch optimal transport with the squared Euclidean cost (OT-CFM): the minibatches get
 * uniform weights, the optimal plan is computed exactly (an assignment solver for equal sizes, the
 * network simplex otherwise), and pairs are taken from it as {@link PlanUse} says. The solver
 * workspace is kept between calls. Not thread-safe.
 */
public final class ExactOtCoupling implements Coupling {
  private final PlanUse use;
  private final Assignment assignment = new Assignment();
  private final PlanSampler sampler = new PlanSampler();
  private int[] perm = new int[0];

  /** A coupling that takes pairs from the exact plan as {@code use} says. */
  public ExactOtCoupling(PlanUse use) {
    if (use == null) {
      throw new IllegalArgumentException("exact OT coupling: no plan use given");
    }
    this.use = use;
  }

  @Override
  public void pair(Matrix x0, Matrix x1, RandomGenerator rng, int[] i0, int[] i1) {
    if (x0.rows == x1.rows) {
      int n = x0.rows;
      if (perm.length < n) {
        perm = new int[n];
      }
      assignment.solve(x0, x1, GroundCost.SQ_EUCLIDEAN, perm);
      if (use == PlanUse.PERMUTATION) {
        if (i0.length != n || i1.length != n) {
          throw new IllegalArgumentException(
              "the permutation form gives " + n + " pairs, " + i0.length + " were asked for");
        }
        for (int k = 0; k < n; k++) {
          i0[k] = k;
          i1[k] = perm[k];
        }
      } else {
        PlanSampler.sample(perm, n, rng, i0, i1);
      }
      return;
    }
    if (use == PlanUse.PERMUTATION) {
      throw new IllegalArgumentException(
          "the permutation form needs batches of equal size, got " + x0.rows + " and " + x1.rows);
    }
    TransportPlan plan = Emd.plan(x0, null, x1, null, GroundCost.SQ_EUCLIDEAN);
    sampler.sample(plan, rng, i0, i1);
  }

  @Override
  public String toString() {
    return "ExactOtCoupling[" + use + "]";
  }
}
