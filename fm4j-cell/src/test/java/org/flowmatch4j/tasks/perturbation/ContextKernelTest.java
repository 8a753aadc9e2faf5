package org.flowmatch4j.tasks.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link ContextKernel}: its weights and the leave-one-context-out choice of its bandwidth, against exact answers. */
class ContextKernelTest {

  @Test
  void weightsAreTheNormalisedGaussianOfTheDistanceBetweenControlMeans() {
    // Target (0, 0); contexts at squared distances 1 and 4; h = 1: w proportional to exp(-1/2), exp(-2).
    double[][] means = {{1, 0}, {0, 2}};
    double[] w = new ContextKernel(1).weights(new double[] {0, 0}, means);
    double e = Math.exp(-1.5);
    assertArrayEquals(new double[] {1 / (1 + e), e / (1 + e)}, w, 1e-15);
    assertArrayEquals(new double[] {0.5, 0.5}, ContextKernel.UNIFORM.weights(new double[] {0, 0}, means), 0);
    // Far apart, no underflow: the nearest context takes (almost) all the weight.
    double[] far = new ContextKernel(0.01).weights(new double[] {0}, new double[][] {{100}, {101}});
    assertEquals(1, far[0], 0);
    assertEquals(0, far[1], 1e-300);
  }

  @Test
  void leaveOneOutErrorOfTheUniformKernel() {
    // Contexts at 0, 1, 3 with shifts 1, 2, 4: each predicted by the mean of the other two:
    // (1 - 3)^2 + (2 - 2.5)^2 + (4 - 1.5)^2 = 4 + 0.25 + 6.25.
    double[][] means = {{0}, {1}, {3}};
    double[][] shifts = {{1}, {2}, {4}};
    assertEquals(10.5, ContextKernel.leaveOneOutError(ContextKernel.UNIFORM, means, shifts), 1e-12);
    // h = 1: context 0 from 1 and 3 with weights 1 : exp(-4); context 1 from 0 and 3: 1 : exp(-3/2);
    // context 2 from 0 and 1: exp(-9/2) : exp(-2).
    double a = Math.exp(-4);
    double b = Math.exp(-1.5);
    double c = Math.exp(-2.5);
    double e0 = 1 - (2 + 4 * a) / (1 + a);
    double e1 = 2 - (1 + 4 * b) / (1 + b);
    double e2 = 4 - (c + 2) / (1 + c);
    assertEquals(e0 * e0 + e1 * e1 + e2 * e2, ContextKernel.leaveOneOutError(new ContextKernel(1), means, shifts),
        1e-12);
  }

  @Test
  void twoClustersWithTheirOwnResponseGiveTheSmallestBandwidth() {
    // Two tight pairs of contexts, each pair with its own shift: leaving one out, its pair-mate
    // predicts it exactly, so the error falls with h down to the smallest candidate, dbar / 16, with
    // dbar the median of the distances 0.1, 0.1, 9.9, 10, 10, 10.1.
    double[][] means = {{0}, {0.1}, {10}, {10.1}};
    double[][] shifts = {{1, 0}, {1, 0}, {-1, 2}, {-1, 2}};
    assertEquals(9.95, ContextKernel.medianDistance(means), 1e-12);
    assertEquals(9.95 / 16, ContextKernel.fit(means, shifts).bandwidth(), 1e-12);
  }

  @Test
  void aResponseSharedByEveryContextOrTooFewContextsGiveTheUniformKernel() {
    double[][] means = {{0}, {1}, {5}, {6}};
    double[][] same = {{2, 1}, {2, 1}, {2, 1}, {2, 1}};
    assertEquals(ContextKernel.UNIFORM, ContextKernel.fit(means, same));
    // Two contexts: each is predicted by the other whatever h is, so every candidate ties.
    assertEquals(ContextKernel.UNIFORM, ContextKernel.fit(new double[][] {{0}, {1}}, new double[][] {{1}, {3}}));
    // Shift = position: the uniform average errs by 16 + 64/9 + 64/9 + 16; the chosen bandwidth is
    // the candidate dbar 2^(j/2) (dbar = 4.5) with the least error, below the nearest context alone (4).
    double[][] linear = {{0}, {1}, {5}, {6}};
    assertEquals(16 + 128 / 9.0 + 16, ContextKernel.leaveOneOutError(ContextKernel.UNIFORM, means, linear), 1e-12);
    ContextKernel k = ContextKernel.fit(means, linear);
    double best = ContextKernel.leaveOneOutError(k, means, linear);
    assertTrue(best < 4, "error " + best);
    for (int j = -8; j <= 4; j++) {
      ContextKernel other = new ContextKernel(4.5 * Math.pow(2, j / 2.0));
      assertTrue(best <= ContextKernel.leaveOneOutError(other, means, linear), "h " + other.bandwidth());
    }
  }

  @Test
  void rejectsANonPositiveBandwidth() {
    assertThrows(IllegalArgumentException.class, () -> new ContextKernel(0));
    assertThrows(IllegalArgumentException.class, () -> new ContextKernel(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> ContextKernel.fit(new double[][] {{0}}, new double[0][]));
  }
}
