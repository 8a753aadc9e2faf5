package org.flowmatch4j.tasks.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ToyDistributionTest {
  @ParameterizedTest
  @EnumSource(ToyDistribution.class)
  void samplingIsSeededAndNamesRoundTrip(ToyDistribution d) {
    assertEquals(d.sample(new SplittableRandom(3), 100), d.sample(new SplittableRandom(3), 100));
    assertEquals(d, ToyDistribution.fromCliName(d.cliName()));
  }

  @Test
  void eightGaussiansSitOnTheCircleOfRadiusFiveWithVarianceOneTenth() {
    Matrix x = ToyDistribution.EIGHT_GAUSSIANS.sample(new SplittableRandom(1), 40_000);
    double sumSq = 0;
    for (int i = 0; i < x.rows; i++) {
      double px = x.get(i, 0), py = x.get(i, 1);
      int k = (int) Math.round(Math.atan2(py, px) / (Math.PI / 4));
      double cx = 5 * Math.cos(k * Math.PI / 4), cy = 5 * Math.sin(k * Math.PI / 4);
      sumSq += (px - cx) * (px - cx) + (py - cy) * (py - cy);
    }
    assertEquals(0.1, sumSq / (2 * x.rows), 0.005);
  }

  @Test
  void moonsHaveTheScaledMakeMoonsMeanAndRange() {
    Matrix x = ToyDistribution.MOONS.sample(new SplittableRandom(2), 40_000);
    double mx = 0, my = 0;
    for (int i = 0; i < x.rows; i++) {
      mx += x.get(i, 0);
      my += x.get(i, 1);
    }
    // make_moons has mean (0.5, 0.25); scaled by 3 and shifted by -1: (0.5, -0.25)
    assertEquals(0.5, mx / x.rows, 0.03);
    assertEquals(-0.25, my / x.rows, 0.03);
  }

  @Test
  void checkerboardLivesOnBlackSquares() {
    Matrix x = ToyDistribution.CHECKERBOARD.sample(new SplittableRandom(4), 5_000);
    for (int i = 0; i < x.rows; i++) {
      double a = Math.floor(x.get(i, 0) / 2), b = Math.floor(x.get(i, 1) / 2);
      assertTrue(Math.abs(x.get(i, 0)) <= 4 && Math.abs(x.get(i, 1)) <= 4);
      assertEquals(0, Math.floorMod((long) (a + b), 2L), "point " + x.get(i, 0) + "," + x.get(i, 1));
    }
  }

  @Test
  void zinbFixedIsStflowsPriorInLog1pSpace() {
    Matrix x = ToyDistribution.ZINB_FIXED.sample(new java.util.SplittableRandom(3), 100_000);
    double mu = Math.exp(0.1);
    // P(y = 0) = 0.5 + 0.5 / (1 + mu) for theta = 1; every value is log1p of an integer
    double p0 = 0.5 + 0.5 / (1 + mu);
    int zeros = 0;
    for (float v : x.data) {
      double y = Math.expm1(v);
      assertEquals(Math.rint(y), y, 1e-4);
      zeros += v == 0 ? 1 : 0;
    }
    assertEquals(p0, zeros / (double) x.data.length, 5 * Math.sqrt(p0 * (1 - p0) / x.data.length));
    assertEquals("zinb-fixed", ToyDistribution.ZINB_FIXED.cliName());
    assertEquals(ToyDistribution.ZINB_FIXED, ToyDistribution.fromCliName("zinb-fixed"));
  }

  /**
   * The ends of the arch: radius 1 + N(0, 0.01) (mean 1, standard deviation 0.1) and the angles pi
   * (1 - a) and pi a with a = |N(0, (1 / (2 pi))^2)|, whose mean is sqrt(2 / pi) / (2 pi).
   */
  @Test
  void archEndsLieOnTheUnitHalfCircleAtEitherEnd() {
    int n = 40_000;
    double meanA = Math.sqrt(2 / Math.PI) / (2 * Math.PI);
    for (ToyDistribution d : new ToyDistribution[] {ToyDistribution.ARCH_START, ToyDistribution.ARCH_END}) {
      Matrix x = d.sample(new SplittableRandom(5), n);
      double r = 0;
      double r2 = 0;
      double angle = 0;
      for (int i = 0; i < n; i++) {
        double ri = Math.hypot(x.get(i, 0), x.get(i, 1));
        r += ri / n;
        r2 += ri * ri / n;
        angle += Math.atan2(x.get(i, 1), x.get(i, 0)) / n;
      }
      assertEquals(1, r, 0.003, d.cliName() + " mean radius");
      assertEquals(0.1, Math.sqrt(r2 - r * r), 0.003, d.cliName() + " radius sd");
      double expected = d == ToyDistribution.ARCH_START ? Math.PI * (1 - meanA) : Math.PI * meanA;
      assertEquals(expected, angle, 0.01, d.cliName() + " mean angle");
    }
  }

  @Test
  void unknownNameListsTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ToyDistribution.fromCliName("spiral"));
    assertEquals("unknown toy distribution 'spiral'; expected one of gaussian, 8gaussians, moons, scurve, checkerboard, arch-start, arch-end, zinb-fixed", e.getMessage());
  }
}
