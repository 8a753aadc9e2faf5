package org.flowmatch4j.fm.path;

/**
 * The Wasserstein-Fisher-Rao geodesic between two point masses, {@code m0} at x0 and {@code m1}
 * at x1, with length scale delta (Chizat et al. 2018; the conditional path of WFR-FM, Peng et al.
 * 2026). With {@code d = ||x1 - x0||}, {@code e = (x1 - x0) / d}, {@code theta = d / (2 delta)}
 * and {@code s = sqrt(m0 m1)}, for {@code d < pi delta}:
 *
 * <pre>
 *   A = m0 + m1 - 2 s cos(theta),   B = m0 - s cos(theta),   k = s sin(theta)
 *   m(t)  = A t^2 - 2 B t + m0                          mass, m(0) = m0, m(1) = m1
 *   x(t)  = x0 + 2 delta atan2(k t, m0 - B t) e          position, x(1) = x1
 *   u(t)  = dx/dt = 2 delta k / m(t) e                   velocity
 *   g(t)  = (dm/dt) / m(t) = (2 A t - 2 B) / m(t)        growth rate
 * </pre>
 *
 * The position is the published {@code x0 + 2 delta [atan((A t - B) / k) - atan(-B / k)] e}
 * written as one {@code atan2} (using {@code A m0 - B^2 = k^2}), which stays finite when d = 0
 * or m0 = m1. Mass and momentum obey the WFR continuity equation {@code dm/dt = g m} along the
 * path. Pairs with {@code d >= pi delta} are not transported: the geodesic is then pure death
 * {@code m0 (1 - t)^2} at x0 and pure birth {@code m1 t^2} at x1, whose growth rates
 * {@code -2 / (1 - t)} and {@code 2 / t} are unbounded at the ends; {@link #transported} tells
 * them apart and the growth objective leaves them out of its regression, as the published method
 * does. The WFR cost of a unit pair is {@code -log cos^2(min(theta, pi / 2))}.
 *
 * @param delta the length scale, > 0
 */
public record WfrGeodesic(double delta) {
  /** Checks delta. */
  public WfrGeodesic {
    if (!(delta > 0) || Double.isInfinite(delta)) {
      throw new IllegalArgumentException("the WFR length scale delta must be positive and finite, got " + delta);
    }
  }

  /** True when a pair at distance {@code d} is transported ({@code d < pi delta}). */
  public boolean transported(double d) {
    return d < Math.PI * delta;
  }

  /**
   * The point of the geodesic at time t in [0, 1], written into {@code xt} and {@code ut} (length d
   * each) for the pair (x0, m0), (x1, m1) with {@code ||x1 - x0|| < pi delta}.
   *
   * @return {@code {m(t), g(t)}}
   */
  public double[] at(float[] x0, int o0, float[] x1, int o1, int dim, double m0, double m1, double t,
      float[] xt, float[] ut, int ot) {
    if (!(m0 > 0) || !(m1 > 0)) {
      throw new IllegalArgumentException("WFR masses must be positive, got " + m0 + " and " + m1);
    }
    double d2 = 0;
    for (int c = 0; c < dim; c++) {
      double z = x1[o1 + c] - x0[o0 + c];
      d2 += z * z;
    }
    double dist = Math.sqrt(d2);
    if (!transported(dist)) {
      throw new IllegalArgumentException("a pair at distance " + dist + " >= pi delta is not transported");
    }
    double theta = dist / (2 * delta);
    double s = Math.sqrt(m0 * m1);
    double cos = Math.cos(theta);
    double a = m0 + m1 - 2 * s * cos;
    double b = m0 - s * cos;
    double k = s * Math.sin(theta);
    double m = (a * t - 2 * b) * t + m0;
    double along = 2 * delta * Math.atan2(k * t, m0 - b * t);
    double speed = 2 * delta * k / m;
    for (int c = 0; c < dim; c++) {
      double e = dist > 0 ? (x1[o1 + c] - x0[o0 + c]) / dist : 0;
      xt[ot + c] = (float) (x0[o0 + c] + along * e);
      ut[ot + c] = (float) (speed * e);
    }
    return new double[] {m, (2 * a * t - 2 * b) / m};
  }
}
