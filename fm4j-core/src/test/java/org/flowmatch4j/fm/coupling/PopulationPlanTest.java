package org.flowmatch4j.fm.coupling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** The whole-population exact plan: its pairs' frequencies against the known plan, seeds, and its pairing. */
class PopulationPlanTest {
  private static Matrix column(float... v) {
    Matrix m = new Matrix(v.length, 1);
    System.arraycopy(v, 0, m.data, 0, v.length);
    return m;
  }

  /**
   * On a line the optimal plan is the monotone one. x0 = {10, 0} (mass 1/2 each), x1 = {10, 1, 0}
   * (mass 1/3 each): pi = [[1/3, 1/6, 0], [0, 1/6, 1/3]]; the pairs (10, 0) and (0, 10) never occur.
   */
  @Test
  void pairFrequenciesFollowTheExactPlanOfTheWholePopulations() {
    Matrix x0 = column(10, 0);
    Matrix x1 = column(10, 1, 0);
    double[][] pi = {{1 / 3.0, 1 / 6.0, 0}, {0, 1 / 6.0, 1 / 3.0}};
    PopulationPlan plan = PopulationPlan.exact(x0, x1);
    assertEquals(2, plan.plan().n());
    assertEquals(3, plan.plan().m());
    double[] dense = plan.plan().toDense();
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(pi[i][j], dense[i * 3 + j], 1e-12, "plan entry " + i + ", " + j);
      }
    }
    int draws = 60_000;
    Matrix a = new Matrix(draws, 1);
    Matrix b = new Matrix(draws, 1);
    plan.sampler().sample(new SplittableRandom(3), a, b);
    int[][] count = new int[2][3];
    for (int k = 0; k < draws; k++) {
      count[a.data[k] == 10 ? 0 : 1][b.data[k] == 10 ? 0 : b.data[k] == 1 ? 1 : 2]++;
    }
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        double p = pi[i][j];
        double sd = Math.sqrt(p * (1 - p) / draws);
        double f = count[i][j] / (double) draws;
        if (p == 0) {
          assertEquals(0, count[i][j], "pair " + i + ", " + j + " is not in the plan");
        } else {
          assertEquals(p, f, 5 * sd, "frequency of pair " + i + ", " + j);
        }
      }
    }
  }

  /** The plan of the line example has 4 positive entries; the population pairing gives them, minibatches none. */
  @Test
  void theSupportIsThePairsOfThePlansPositiveEntries() {
    Matrix x0 = column(10, 0);
    Matrix x1 = column(10, 1, 0);
    PairSupport s = Pairing.population().support(x0, x1).orElseThrow();
    assertEquals(4, s.size());
    java.util.Set<String> pairs = new java.util.HashSet<>();
    for (int k = 0; k < s.size(); k++) {
      pairs.add(s.x0().data[k] + ">" + s.x1().data[k]);
    }
    assertEquals(java.util.Set.of("10.0>10.0", "10.0>1.0", "0.0>1.0", "0.0>0.0"), pairs);
    assertTrue(Pairing.minibatch(() -> new ExactOtCoupling(PlanUse.RESAMPLE)).support(x0, x1).isEmpty());
  }

  @Test
  void sameSeedSamePairs() {
    SplittableRandom r = new SplittableRandom(1);
    Matrix x0 = new Matrix(37, 3);
    Matrix x1 = new Matrix(53, 3);
    for (int k = 0; k < x0.data.length; k++) {
      x0.data[k] = (float) r.nextGaussian();
    }
    for (int k = 0; k < x1.data.length; k++) {
      x1.data[k] = (float) (r.nextGaussian() + 2);
    }
    Pairing pairing = CouplingSpec.of(CouplingKind.POPULATION).pairing();
    Supplier<PairSampler> one = pairing.between(x0, x1);
    Matrix a0 = new Matrix(64, 3);
    Matrix a1 = new Matrix(64, 3);
    Matrix b0 = new Matrix(64, 3);
    Matrix b1 = new Matrix(64, 3);
    one.get().sample(new SplittableRandom(5), a0, a1);
    pairing.between(x0, x1).get().sample(new SplittableRandom(5), b0, b1);
    assertArrayEquals(a0.data, b0.data);
    assertArrayEquals(a1.data, b1.data);
    one.get().sample(new SplittableRandom(6), b0, b1);
    assertFalse(Arrays.equals(a0.data, b0.data), "another seed draws other pairs");
  }

  @Test
  void thePopulationCouplingHasNoMinibatchForm() {
    CouplingSpec spec = CouplingSpec.of(CouplingKind.POPULATION);
    assertFalse(spec.pairsMinibatches());
    IllegalStateException e = assertThrows(IllegalStateException.class, spec::create);
    assertTrue(e.getMessage().contains("whole populations"), e.getMessage());
    assertTrue(CouplingSpec.of(CouplingKind.EXACT).pairsMinibatches());
  }

  /** Weighted quartiles: the smallest value holding with all smaller ones 1/4 (3/4) of the weight. */
  @Test
  void theFarOutFenceIsTheUpperQuartilePlusThreeInterquartileRanges() {
    assertEquals(3 + 3 * (3 - 1), PopulationPlan.farOutFence(new double[] {4, 2, 1, 3}, new double[] {1, 1, 1, 1}), 0);
    // weights 0.1, 0.1, 0.6, 0.2 on 1, 2, 3, 4: Q1 = 3 (0.8 >= 0.25 first there), Q3 = 3
    assertEquals(3, PopulationPlan.farOutFence(new double[] {1, 2, 3, 4}, new double[] {0.1, 0.1, 0.6, 0.2}), 0);
    // weights 0.3, 0.1, 0.1, 0.5: Q1 = 1, Q3 = 4
    assertEquals(4 + 3 * 3, PopulationPlan.farOutFence(new double[] {1, 2, 3, 4}, new double[] {0.3, 0.1, 0.1, 0.5}), 0);
  }

  /**
   * Two "branches" in other proportions: x0 = {0, 0.1, 10, 10.1}, x1 = {1, 1.1, 1.2, 11}. The
   * balanced plan sends the cell at 10 to 1.2 (squared length 77.44; the others 1, 1, 0.81), so the
   * fence is 1 + 3 (1 - 0.81) = 1.57 and the plan with a reach keeps the three short pairs (1/4
   * each) and never draws (10, 1.2). In the line example the balanced plan's pairs have squared
   * lengths 0, 0, 1 and 81 (masses 1/3, 1/3, 1/6, 1/6): fence 1 + 3 (1 - 0) = 4, so (10, 1) goes and
   * the other three stay. Where nothing is an outlier (x0 = {0, 1, 2}, x1 = {0.5, 1.6, 2.4}: lengths
   * 0.25, 0.36 and 0.16, fence 0.36 + 3 (0.36 - 0.16) = 0.96) it is the balanced plan, entries in
   * the same order, and draws the same pairs for the same seed.
   */
  @Test
  void thePlanWithAReachDropsThePairThatCrossesBetweenBranches() {
    PopulationPlan plan = PopulationPlan.withReach(column(0, 0.1f, 10, 10.1f), column(1, 1.1f, 1.2f, 11));
    double[] dense = plan.plan().toDense();
    double[] expected = {0.25, 0, 0, 0, 0, 0.25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.25};
    for (int k = 0; k < 16; k++) {
      assertEquals(expected[k], dense[k], 1e-7, "entry " + k);
    }
    Matrix a = new Matrix(2000, 1);
    Matrix b = new Matrix(2000, 1);
    plan.sampler().sample(new SplittableRandom(2), a, b);
    for (int k = 0; k < 2000; k++) {
      assertTrue(a.data[k] != 10, "the cell at 10 is never paired");
    }
    assertTrue(plan.toString().contains("reach^2 1.57"), plan.toString());
    assertArrayEquals(new double[] {1 / 3.0, 0, 0, 0, 1 / 6.0, 1 / 3.0},
        PopulationPlan.withReach(column(10, 0), column(10, 1, 0)).plan().toDense(), 1e-7);
    assertEquals(3, CouplingSpec.of(CouplingKind.POPULATION_REACH).pairing().support(column(10, 0), column(10, 1, 0))
        .orElseThrow().size());
    PopulationPlan exact = PopulationPlan.exact(column(0, 1, 2), column(0.5f, 1.6f, 2.4f));
    PopulationPlan reach = PopulationPlan.withReach(column(0, 1, 2), column(0.5f, 1.6f, 2.4f));
    assertArrayEquals(exact.plan().rows(), reach.plan().rows(), "the balanced plan's entries in its order");
    assertArrayEquals(exact.plan().cols(), reach.plan().cols());
    assertArrayEquals(exact.plan().masses(), reach.plan().masses());
    Matrix e0 = new Matrix(50, 1);
    Matrix e1 = new Matrix(50, 1);
    Matrix r0 = new Matrix(50, 1);
    Matrix r1 = new Matrix(50, 1);
    exact.sampler().sample(new SplittableRandom(4), e0, e1);
    reach.sampler().sample(new SplittableRandom(4), r0, r1);
    assertArrayEquals(e0.data, r0.data, "the same pairs for the same seed");
    assertArrayEquals(e1.data, r1.data);
    assertFalse(CouplingSpec.of(CouplingKind.POPULATION_REACH).pairsMinibatches());
  }
}
