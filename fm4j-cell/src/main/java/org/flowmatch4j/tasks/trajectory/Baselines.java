package org.flowmatch4j.tasks.trajectory;

import java.util.Arrays;
import org.flowmatch4j.fm.path.GeodesicPath;
import org.flowmatch4j.metrics.Wasserstein;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.ot.Emd;
import org.flowmatch4j.ot.GroundCost;
import org.flowmatch4j.ot.TransportPlan;
import org.flowmatch4j.tensor.Matrix;

/**
 * The two reference predictions of a held-out time point k that every model must be compared
 * with, both scored by exact W1 against the real cells of k.
 */
public final class Baselines {
  private Baselines() {}

  /** "No motion": the cells of k - 1, unchanged. */
  public static double noMotion(TimeCourse tc, int k) {
    requireInterior(tc, k);
    return Wasserstein.w1(tc.snapshot(k - 1), tc.snapshot(k));
  }

  /**
   * McCann (displacement) interpolation: the exact OT plan P between the cells of k - 1 and k + 1
   * (uniform weights, squared Euclidean cost) gives the points {@code (1 - f) x_i + f y_j} with
   * weights {@code P_ij / sum(P)}, where {@code f = (tau_k - tau_(k-1)) / (tau_(k+1) - tau_(k-1))}.
   * This is the limit that OT-CFM learns with small noise.
   */
  public static double otInterpolation(TimeCourse tc, int k) {
    return alongPlan(tc, k, null);
  }

  /**
   * The learned path of metric flow matching in place of the straight line of {@link
   * #otInterpolation}: the points {@code mu_f(x_i, y_j)} of {@link GeodesicPath} (no noise) on the
   * same exact OT plan between the cells of k - 1 and k + 1, at the same fraction f, scored the
   * same way. It says how close the paths that stage 1 learned pass to the held-out cells, before
   * a velocity field is fitted to them.
   *
   * @param phi the interpolant network of a model trained without time point k
   */
  public static double geodesicInterpolation(TimeCourse tc, int k, Mlp phi) {
    return alongPlan(tc, k, new GeodesicPath(phi, 0));
  }

  /** The interpolation on the exact OT plan of k - 1 and k + 1, straight where path is null. */
  private static double alongPlan(TimeCourse tc, int k, GeodesicPath path) {
    requireInterior(tc, k);
    Matrix a = tc.snapshot(k - 1);
    Matrix c = tc.snapshot(k + 1);
    double f = (tc.modelTime(k) - tc.modelTime(k - 1)) / (tc.modelTime(k + 1) - tc.modelTime(k - 1));
    TransportPlan plan = Emd.plan(a, null, c, null, GroundCost.SQ_EUCLIDEAN);
    int d = a.cols;
    Matrix z = new Matrix(plan.size(), d);
    double[] w = new double[plan.size()];
    double total = plan.totalMass();
    for (int p = 0; p < plan.size(); p++) {
      int i = plan.row(p);
      int j = plan.col(p);
      for (int q = 0; q < d; q++) {
        z.data[p * d + q] = (float) ((1 - f) * a.data[i * d + q] + f * c.data[j * d + q]);
      }
      w[p] = plan.mass(p) / total;
    }
    if (path != null) {
      Matrix x0 = new Matrix(plan.size(), d);
      Matrix x1 = new Matrix(plan.size(), d);
      for (int p = 0; p < plan.size(); p++) {
        System.arraycopy(a.data, plan.row(p) * d, x0.data, p * d, d);
        System.arraycopy(c.data, plan.col(p) * d, x1.data, p * d, d);
      }
      float[] t = new float[plan.size()];
      Arrays.fill(t, (float) f);
      path.sample(x0, x1, t, null, z, new Matrix(plan.size(), d));
    }
    return Wasserstein.weightedW1(z, w, tc.snapshot(k));
  }

  /** Throws unless 1 <= k <= K - 2, the time points with a neighbour on each side. */
  static void requireInterior(TimeCourse tc, int k) {
    if (k < 1 || k >= tc.size() - 1) {
      throw new IllegalArgumentException(
          "held-out time point must be interior (1.." + (tc.size() - 2) + "), got " + k);
    }
  }
}
