package org.flowmatch4j.fm.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WfrGeodesicTest {
  private static final int D = 3;

  private static float[] point(SplittableRandom rng, double scale) {
    float[] x = new float[D];
    for (int c = 0; c < D; c++) {
      x[c] = (float) (scale * rng.nextGaussian());
    }
    return x;
  }

  private static double dist(float[] a, float[] b) {
    double s = 0;
    for (int c = 0; c < D; c++) {
      s += (a[c] - b[c]) * (double) (a[c] - b[c]);
    }
    return Math.sqrt(s);
  }

  @Test
  void endpointsAreTheTwoPointMasses() {
    WfrGeodesic g = new WfrGeodesic(1.3);
    SplittableRandom rng = new SplittableRandom(1);
    for (int trial = 0; trial < 50; trial++) {
      float[] x0 = point(rng, 1), x1 = point(rng, 1);
      if (!g.transported(dist(x0, x1))) {
        continue;
      }
      double m0 = 0.2 + rng.nextDouble(), m1 = 0.2 + 2 * rng.nextDouble();
      float[] xt = new float[D], ut = new float[D];
      double[] start = g.at(x0, 0, x1, 0, D, m0, m1, 0, xt, ut, 0);
      assertEquals(m0, start[0], 1e-12);
      for (int c = 0; c < D; c++) {
        assertEquals(x0[c], xt[c], 1e-6);
      }
      double[] end = g.at(x0, 0, x1, 0, D, m0, m1, 1, xt, ut, 0);
      assertEquals(m1, end[0], 1e-12);
      for (int c = 0; c < D; c++) {
        assertEquals(x1[c], xt[c], 2e-6);
      }
    }
  }

  @Test
  void velocityAndGrowthAreTheTimeDerivatives() {
    WfrGeodesic g = new WfrGeodesic(0.8);
    SplittableRandom rng = new SplittableRandom(2);
    double h = 1e-3;
    int checked = 0;
    for (int trial = 0; trial < 40; trial++) {
      float[] x0 = point(rng, 0.7), x1 = point(rng, 0.7);
      if (!g.transported(dist(x0, x1))) {
        continue;
      }
      double m0 = 0.3 + rng.nextDouble(), m1 = 0.3 + 2 * rng.nextDouble();
      for (double t : new double[] {0.1, 0.37, 0.5, 0.9}) {
        float[] xp = new float[D], xm = new float[D], xt = new float[D], ut = new float[D], scratch = new float[D];
        double[] plus = g.at(x0, 0, x1, 0, D, m0, m1, t + h, xp, scratch, 0);
        double[] minus = g.at(x0, 0, x1, 0, D, m0, m1, t - h, xm, scratch, 0);
        double[] here = g.at(x0, 0, x1, 0, D, m0, m1, t, xt, ut, 0);
        double dm = (plus[0] - minus[0]) / (2 * h);
        assertEquals(dm / here[0], here[1], 1e-6 * Math.max(1, Math.abs(here[1])), "g = m'/m at t=" + t);
        for (int c = 0; c < D; c++) {
          double dx = (xp[c] - (double) xm[c]) / (2 * h);
          assertEquals(dx, ut[c], 2e-3 * Math.max(1, Math.abs(ut[c])), "u = x' at t=" + t);
        }
        checked++;
      }
    }
    assertTrue(checked > 20, "too few transported pairs drawn: " + checked);
  }

  @Test
  void agreesWithThePublishedArctanForm() {
    double delta = 1.5;
    WfrGeodesic g = new WfrGeodesic(delta);
    float[] x0 = {0.1f, -0.4f, 0.3f}, x1 = {1.2f, 0.5f, -0.6f};
    double m0 = 0.7, m1 = 1.9, t = 0.42;
    float[] xt = new float[D], ut = new float[D];
    g.at(x0, 0, x1, 0, D, m0, m1, t, xt, ut, 0);
    double d = dist(x0, x1);
    double tau = Math.tan(d / (2 * delta));
    double scale = Math.sqrt(m0 * m1 / (1 + tau * tau));
    double omega = 2 * delta * tau * scale;
    double a = m1 + m0 - 2 * scale, b = m0 - scale, inv = 2 * delta / omega;
    double along = omega * inv * (Math.atan((a * t - b) * inv) - Math.atan(-b * inv));
    for (int c = 0; c < D; c++) {
      assertEquals(x0[c] + along * (x1[c] - x0[c]) / d, xt[c], 1e-6);
    }
  }

  @Test
  void equalMassesAtOnePointOnlyStay() {
    WfrGeodesic g = new WfrGeodesic(1);
    float[] x = {0.5f, 0.5f, 0.5f}, xt = new float[D], ut = new float[D];
    double[] r = g.at(x, 0, x, 0, D, 2, 2, 0.3, xt, ut, 0);
    assertEquals(2, r[0], 1e-12);
    assertEquals(0, r[1], 1e-12);
    for (int c = 0; c < D; c++) {
      assertEquals(0.5f, xt[c]);
      assertEquals(0, ut[c]);
    }
    double[] grow = g.at(x, 0, x, 0, D, 1, 4, 0.5, xt, ut, 0);
    assertEquals(2.25, grow[0], 1e-12, "(sqrt(m0) (1 - t) + sqrt(m1) t)^2 at one point");
  }

  @Test
  void pairsBeyondPiDeltaAreNotTransported() {
    WfrGeodesic g = new WfrGeodesic(0.5);
    assertTrue(g.transported(Math.PI * 0.5 - 1e-9));
    assertFalse(g.transported(Math.PI * 0.5));
    float[] x0 = {0, 0, 0}, x1 = {2, 0, 0}, xt = new float[D], ut = new float[D];
    assertThrows(IllegalArgumentException.class, () -> g.at(x0, 0, x1, 0, D, 1, 1, 0.5, xt, ut, 0));
    assertThrows(IllegalArgumentException.class, () -> new WfrGeodesic(0));
  }
}
