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
  void unknownNameListsTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ToyDistribution.fromCliName("spiral"));
    assertEquals("unknown toy distribution 'spiral'; expected one of gaussian, 8gaussians, moons, scurve, checkerboard", e.getMessage());
  }
}
