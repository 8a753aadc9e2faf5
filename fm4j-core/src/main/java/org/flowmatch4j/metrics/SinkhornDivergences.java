package org.flowmatch4j.metrics;

import org.flowmatch4j.ot.SinkhornDivergence;
import org.flowmatch4j.tensor.Matrix;

/**
 * Sinkhorn divergences as CellFlow reports them ({@code sinkhorn_div_1}, {@code _10}, {@code
 * _100}): uniform weights, squared Euclidean cost (no 1/2), no cost scaling, absolute epsilon,
 * debiased with the regularised OT value (see {@link SinkhornDivergence}):
 *
 * <pre>
 *   S_eps = OT_eps(x, y) - 1/2 OT_eps(x, x) - 1/2 OT_eps(y, y),
 *   OT_eps = min_P &lt;P, C&gt; + eps KL(P | a b^T).
 * </pre>
 */
public final class SinkhornDivergences {
  /** The epsilons CellFlow reports. */
  public static final double[] CELLFLOW_EPSILONS = {1, 10, 100};

  private SinkhornDivergences() {}

  /** S_eps(x, y) at one epsilon > 0. */
  public static double at(Matrix x, Matrix y, double epsilon) {
    Stats.sameColumns(x, y);
    return new SinkhornDivergence().cellflow(x, y, epsilon);
  }

  /** S_eps(x, y) for eps = 1, 10, 100, in that order. */
  public static double[] cellflow(Matrix x, Matrix y) {
    Stats.sameColumns(x, y);
    SinkhornDivergence div = new SinkhornDivergence();
    double[] out = new double[CELLFLOW_EPSILONS.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = div.cellflow(x, y, CELLFLOW_EPSILONS[k]);
    }
    return out;
  }
}
