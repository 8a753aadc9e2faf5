package org.flowmatch4j.ot;

/**
 * The Wasserstein-Fisher-Rao ground cost of moving a unit point mass from x to y with length
 * scale delta:
 *
 * <pre>
 *   c(x, y) = -log cos^2( min(||x - y|| / (2 delta), pi / 2) ),
 * </pre>
 *
 * infinite in exact arithmetic from {@code ||x - y|| = pi delta} on, where mass is destroyed and
 * created rather than moved. In double precision cos(pi / 2) is 6.1e-17, so such pairs cost
 * {@code -log(3.7e-33) = 74.66}, finite, as in the published WFR-FM code (numpy gives the same
 * number); its floor of 1e-10 for a cos^2 of exactly 0 is kept but never reached.
 */
public final class WfrCost {
  /** cos^2 used where it is exactly 0, as in the published code. */
  static final double FLOOR = 1e-10;

  private WfrCost() {}

  /** The cost at Euclidean distance {@code dist}. */
  public static double of(double dist, double delta) {
    double c = Math.cos(Math.min(dist / (2 * delta), Math.PI / 2));
    double c2 = c * c;
    return -Math.log(c2 == 0 ? FLOOR : c2);
  }

  /**
   * The n x m cost matrix (row-major) between the rows of {@code x} (n x d) and {@code y} (m x d),
   * flat row-major double arrays.
   */
  public static double[] matrix(double[] x, int n, double[] y, int m, int d, double delta) {
    if (!(delta > 0) || Double.isInfinite(delta)) {
      throw new IllegalArgumentException("the WFR length scale delta must be positive and finite, got " + delta);
    }
    double[] c = GroundCost.EUCLIDEAN.pairwise(x, n, y, m, d, new double[n * m]);
    for (int k = 0; k < c.length; k++) {
      c[k] = of(c[k], delta);
    }
    return c;
  }
}
