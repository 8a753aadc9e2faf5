package org.flowmatch4j.metrics;

import org.flowmatch4j.ot.Emd;
import org.flowmatch4j.ot.GroundCost;
import org.flowmatch4j.tensor.Matrix;

/**
 * Exact Wasserstein distances between two point clouds seen as discrete probability measures
 * mu = sum_i a_i delta_{x_i}, nu = sum_j b_j delta_{y_j}:
 *
 * <pre>
 *   W1(mu, nu) = min_P sum_ij P_ij ||x_i - y_j||,
 *   W2(mu, nu) = ( min_P sum_ij P_ij ||x_i - y_j||^2 )^(1/2),
 * </pre>
 *
 * over plans P >= 0 with row sums a and column sums b, solved exactly ({@link Emd}: the
 * assignment solver for equal sizes with uniform weights, the network simplex otherwise). This
 * is POT's {@code emd2(a, b, ot.dist(x, y, 'euclidean'))}, and {@code sqrt(emd2(a, b,
 * ot.dist(x, y)))} for W2. Weights are normalised to sum 1 on each side (null = uniform), so a
 * predicted population whose weights carry a total mass compares by its shape; report the mass
 * separately with {@link MassError}.
 */
public final class Wasserstein {
  private Wasserstein() {}

  /** W1 with uniform weights. */
  public static double w1(Matrix x, Matrix y) {
    return w1(x, null, y, null);
  }

  /** W1 with weights {@code a} on x and {@code b} on y (each normalised; null = uniform). */
  public static double w1(Matrix x, double[] a, Matrix y, double[] b) {
    return Emd.cost(x, normalised(a, x.rows, "x"), y, normalised(b, y.rows, "y"),
        GroundCost.EUCLIDEAN);
  }

  /** W2 with uniform weights. */
  public static double w2(Matrix x, Matrix y) {
    return w2(x, null, y, null);
  }

  /** W2 with weights {@code a} on x and {@code b} on y (each normalised; null = uniform). */
  public static double w2(Matrix x, double[] a, Matrix y, double[] b) {
    double c = Emd.cost(x, normalised(a, x.rows, "x"), y, normalised(b, y.rows, "y"),
        GroundCost.SQ_EUCLIDEAN);
    return Math.sqrt(Math.max(0, c));
  }

  /**
   * W1 between a weighted prediction (points {@code predicted}, weights {@code weights}, e.g.
   * the growth-weighted cells of an unbalanced flow) and uniformly weighted real cells {@code
   * target}: the weights are normalised to sum 1 first (the VGFM / WFR-FM protocol).
   */
  public static double weightedW1(Matrix predicted, double[] weights, Matrix target) {
    if (weights == null) {
      throw new IllegalArgumentException("weightedW1 needs the prediction's weights");
    }
    return w1(predicted, weights, target, null);
  }

  /** {@code w} divided by its sum (validated), or null when {@code w} is null. */
  static double[] normalised(double[] w, int n, String what) {
    if (w == null) {
      return null;
    }
    if (w.length != n) {
      throw new IllegalArgumentException(
          what + ": " + w.length + " weights for " + n + " points");
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      double v = w[i];
      if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException(
            what + ": weight " + i + " is " + v + "; weights must be finite and non-negative");
      }
      s += v;
    }
    if (!(s > 0) || Double.isInfinite(s)) {
      throw new IllegalArgumentException(
          what + ": the weights sum to " + s + "; they need a positive finite total");
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = w[i] / s;
    }
    return out;
  }
}
