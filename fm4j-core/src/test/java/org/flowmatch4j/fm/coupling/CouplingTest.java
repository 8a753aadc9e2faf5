package org.flowmatch4j.fm.coupling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flowmatch4j.ot.CostScaling;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Couplings against brute force, their plans' marginals, and their failures. */
class CouplingTest {
  private static Matrix gaussian(int n, int d, long seed, double shift) {
    SplittableRandom r = new SplittableRandom(seed);
    Matrix m = new Matrix(n, d);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = (float) (r.nextGaussian() + shift);
    }
    return m;
  }

  private static double cost(Matrix x0, Matrix x1, int[] i0, int[] i1) {
    double c = 0;
    for (int k = 0; k < i0.length; k++) {
      for (int j = 0; j < x0.cols; j++) {
        double diff = x0.get(i0[k], j) - x1.get(i1[k], j);
        c += diff * diff;
      }
    }
    return c;
  }

  /** The cheapest permutation by trying all n! of them. */
  private static double bruteForce(Matrix x0, Matrix x1) {
    int n = x0.rows;
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    int[] id = p.clone();
    double best = Double.MAX_VALUE;
    while (true) {
      best = Math.min(best, cost(x0, x1, id, p));
      int i = n - 2;
      while (i >= 0 && p[i] >= p[i + 1]) {
        i--;
      }
      if (i < 0) {
        return best;
      }
      int j = n - 1;
      while (p[j] <= p[i]) {
        j--;
      }
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
      for (int a = i + 1, b = n - 1; a < b; a++, b--) {
        t = p[a];
        p[a] = p[b];
        p[b] = t;
      }
    }
  }

  @Test
  void permutationFormIsTheOptimalAssignment() {
    Coupling c = new CouplingSpec(CouplingKind.PERMUTATION, 0.1, CostScaling.MEAN, 1, 1).create();
    for (long seed = 1; seed <= 20; seed++) {
      Matrix x0 = gaussian(7, 3, seed, 0);
      Matrix x1 = gaussian(7, 3, seed + 100, 1);
      int[] i0 = new int[7];
      int[] i1 = new int[7];
      c.pair(x0, x1, new SplittableRandom(seed), i0, i1);
      assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, i0);
      assertEquals(bruteForce(x0, x1), cost(x0, x1, i0, i1), 1e-4, "seed " + seed);
      assertTrue(isPermutation(i1));
    }
  }

  @Test
  void resampledPairsComeFromTheOptimalPlan() {
    Coupling c = new ExactOtCoupling(PlanUse.RESAMPLE);
    Matrix x0 = gaussian(6, 2, 5, 0);
    Matrix x1 = gaussian(6, 2, 6, 3);
    int[] perm0 = new int[6];
    int[] perm = new int[6];
    new ExactOtCoupling(PlanUse.PERMUTATION).pair(x0, x1, new SplittableRandom(0), perm0, perm);
    int[] i0 = new int[600];
    int[] i1 = new int[600];
    c.pair(x0, x1, new SplittableRandom(1), i0, i1);
    int[] count = new int[6];
    for (int k = 0; k < i0.length; k++) {
      assertEquals(perm[i0[k]], i1[k], "pair " + k + " is off the optimal plan's support");
      count[i0[k]]++;
    }
    for (int i = 0; i < 6; i++) {
      assertTrue(count[i] > 60 && count[i] < 140, "row " + i + " drawn " + count[i] + " times of 600");
    }
  }

  @Test
  void unequalBatchesUseTheExactPlan() {
    Matrix x0 = Matrix.of(new double[][] {{0}, {10}});
    Matrix x1 = Matrix.of(new double[][] {{1}, {9}, {11}, {-1}});
    int[] i0 = new int[400];
    int[] i1 = new int[400];
    new ExactOtCoupling(PlanUse.RESAMPLE).pair(x0, x1, new SplittableRandom(2), i0, i1);
    for (int k = 0; k < i0.length; k++) {
      boolean near = i0[k] == 0 ? (i1[k] == 0 || i1[k] == 3) : (i1[k] == 1 || i1[k] == 2);
      assertTrue(near, "pair " + i0[k] + " -> " + i1[k]);
    }
    assertThrows(IllegalArgumentException.class,
        () -> new ExactOtCoupling(PlanUse.PERMUTATION).pair(x0, x1, new SplittableRandom(2), new int[2], new int[2]));
  }

  @Test
  void sinkhornWithSmallEpsilonFollowsTheExactPlanAndLargeEpsilonMixes() {
    Matrix x0 = Matrix.of(new double[][] {{0, 0}, {4, 0}, {0, 4}, {4, 4}});
    Matrix x1 = Matrix.of(new double[][] {{4.2, 4}, {0.2, 0}, {4.2, 0}, {0.2, 4}});
    int[] expect = {1, 2, 3, 0};
    int[] i0 = new int[2000];
    int[] i1 = new int[2000];
    new CouplingSpec(CouplingKind.SINKHORN, 0.01, CostScaling.MAX, 1, 1).create()
        .pair(x0, x1, new SplittableRandom(3), i0, i1);
    for (int k = 0; k < i0.length; k++) {
      assertEquals(expect[i0[k]], i1[k]);
    }
    new CouplingSpec(CouplingKind.SINKHORN, 100, CostScaling.MAX, 1, 1).create()
        .pair(x0, x1, new SplittableRandom(3), i0, i1);
    int off = 0;
    for (int k = 0; k < i0.length; k++) {
      off += expect[i0[k]] == i1[k] ? 0 : 1;
    }
    assertTrue(off > 1200 && off < 1800, off + " of 2000 pairs off the exact plan (about 3/4 expected)");
  }

  @Test
  void unbalancedCouplingDrawsAnOutlierLessOften() {
    // the last source point has no partner nearby: relaxing the source marginal lets the plan shrink it
    Matrix x0 = Matrix.of(new double[][] {{0}, {1}, {2}, {30}});
    Matrix x1 = Matrix.of(new double[][] {{0.1}, {1.1}, {2.1}, {3.1}});
    int[] i0 = new int[4000];
    int[] i1 = new int[4000];
    new CouplingSpec(CouplingKind.UNBALANCED, 0.05, CostScaling.MAX, 0.5, 1).create()
        .pair(x0, x1, new SplittableRandom(4), i0, i1);
    int outlier = 0;
    for (int k : i0) {
      outlier += k == 3 ? 1 : 0;
    }
    assertTrue(outlier < 400, "the outlier was drawn " + outlier + " times of 4000 (1000 if balanced)");
    new CouplingSpec(CouplingKind.SINKHORN, 0.05, CostScaling.MAX, 1, 1).create()
        .pair(x0, x1, new SplittableRandom(4), i0, i1);
    outlier = 0;
    for (int k : i0) {
      outlier += k == 3 ? 1 : 0;
    }
    assertTrue(outlier > 850 && outlier < 1150, "balanced: the outlier was drawn " + outlier + " times of 4000");
  }

  @ParameterizedTest
  @EnumSource(value = CouplingKind.class, names = {"POPULATION", "POPULATION_REACH"}, mode = EnumSource.Mode.EXCLUDE)
  void sameGeneratorSamePairs(CouplingKind kind) {
    Matrix x0 = gaussian(32, 3, 7, 0);
    Matrix x1 = gaussian(32, 3, 8, 1);
    Coupling c = new CouplingSpec(kind, 0.1, CostScaling.MEAN, 0.9, 0.9).create();
    int[] a0 = new int[32];
    int[] a1 = new int[32];
    int[] b0 = new int[32];
    int[] b1 = new int[32];
    c.pair(x0, x1, new SplittableRandom(9), a0, a1);
    c.pair(x0, x1, new SplittableRandom(9), b0, b1);
    assertArrayEquals(a0, b0);
    assertArrayEquals(a1, b1);
  }

  @ParameterizedTest
  @EnumSource(value = CouplingKind.class, names = {"EXACT", "PERMUTATION", "SINKHORN", "UNBALANCED"})
  void aFailedSolveIsAnErrorNotIndependentPairs(CouplingKind kind) {
    Matrix x0 = gaussian(8, 2, 1, 0);
    Matrix x1 = gaussian(8, 2, 2, 0);
    x1.data[3] = Float.NaN;
    Coupling c = new CouplingSpec(kind, 0.1, CostScaling.MEAN, 0.9, 0.9).create();
    assertThrows(RuntimeException.class, () -> c.pair(x0, x1, new SplittableRandom(1), new int[8], new int[8]));
  }

  @Test
  void specRejectsImpossibleSettings() {
    assertThrows(IllegalArgumentException.class, () -> new CouplingSpec(CouplingKind.SINKHORN, 0, CostScaling.MAX, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new CouplingSpec(CouplingKind.UNBALANCED, 0.1, CostScaling.MAX, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new CouplingSpec(null, 0.1, CostScaling.MAX, 1, 1));
  }

  private static boolean isPermutation(int[] p) {
    boolean[] seen = new boolean[p.length];
    for (int v : p) {
      if (v < 0 || v >= p.length || seen[v]) {
        return false;
      }
      seen[v] = true;
    }
    return true;
  }
}
