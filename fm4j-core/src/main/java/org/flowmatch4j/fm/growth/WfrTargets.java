package org.flowmatch4j.fm.growth;

import java.util.SplittableRandom;
import org.flowmatch4j.fm.path.WfrGeodesic;
import org.flowmatch4j.ot.SemiCouplings;
import org.flowmatch4j.tensor.Matrix;

/**
 * WFR-FM targets of one interval (Peng et al. 2026): a pair (i, j) is drawn from the semi-coupling
 * gamma0 of the whole-population unbalanced plan with masses {@code m0 = gamma0_ij},
 * {@code m1 = gamma1_ij}, t ~ U(0, 1), and the targets are the point, velocity and growth rate of
 * the {@link WfrGeodesic} between (x0_i, m0) and (x1_j, m1) at t, with loss weight m(t) / m0.
 * Pairs at distance >= pi delta are not transported and get weight 0.
 */
public final class WfrTargets implements IntervalTargets {
  private final Matrix from;
  private final Matrix to;
  private final SemiCouplings plan;
  private final WfrGeodesic geodesic;

  /**
   * @param from the source cells (n0 x d)
   * @param to the target cells (n1 x d)
   * @param plan semi-couplings between them
   * @param geodesic the conditional path
   */
  public WfrTargets(Matrix from, Matrix to, SemiCouplings plan, WfrGeodesic geodesic) {
    this.from = from;
    this.to = to;
    this.plan = plan;
    this.geodesic = geodesic;
  }

  @Override
  public void draw(SplittableRandom rng, int n, float[] xt, float[] ut, float[] gt, float[] w, float[] t, int off) {
    int d = from.cols;
    int[] i0 = new int[n];
    int[] i1 = new int[n];
    double[] m0 = new double[n];
    double[] m1 = new double[n];
    plan.sample(rng, i0, i1, m0, m1);
    for (int k = 0; k < n; k++) {
      double tk = rng.nextDouble();
      int r = off + k;
      t[r] = (float) tk;
      double dist = 0;
      for (int c = 0; c < d; c++) {
        double z = to.data[i1[k] * d + c] - from.data[i0[k] * d + c];
        dist += z * z;
      }
      if (!geodesic.transported(Math.sqrt(dist))) {
        System.arraycopy(from.data, i0[k] * d, xt, r * d, d);
        java.util.Arrays.fill(ut, r * d, r * d + d, 0f);
        gt[r] = 0;
        w[r] = 0;
        continue;
      }
      double[] mg = geodesic.at(from.data, i0[k] * d, to.data, i1[k] * d, d, m0[k], m1[k], tk, xt, ut, r * d);
      gt[r] = (float) mg[1];
      w[r] = (float) (mg[0] / m0[k]);
    }
  }

  @Override
  public String describe() {
    return "wfr(delta=" + geodesic.delta() + ", groups=" + plan.groups() + ")";
  }
}
