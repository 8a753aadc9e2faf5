package org.flowmatch4j.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlanSamplerTest {

  @Test
  void sameSeedSamePairs() {
    double[] plan = {0.1, 0.2, 0.0, 0.3, 0.15, 0.25};
    PlanSampler s = new PlanSampler();
    int[] i1 = new int[100];
    int[] j1 = new int[100];
    int[] i2 = new int[100];
    int[] j2 = new int[100];
    s.sample(plan, 2, 3, new SplittableRandom(42), i1, j1);
    s.sample(plan, 2, 3, new SplittableRandom(42), i2, j2);
    assertArrayEquals(i1, i2);
    assertArrayEquals(j1, j2);
  }

  @Test
  void frequenciesFollowThePlanAndEmptyCellsAreNeverDrawn() {
    double[] plan = {0.1, 0.2, 0.0, 0.3, 0.15, 0.25};
    int draws = 200_000;
    int[] is = new int[draws];
    int[] js = new int[draws];
    new PlanSampler().sample(plan, 2, 3, new SplittableRandom(1), is, js);
    double[] freq = new double[6];
    for (int s = 0; s < draws; s++) {
      freq[is[s] * 3 + js[s]] += 1.0 / draws;
    }
    assertEquals(0, freq[2], 0);
    for (int k = 0; k < 6; k++) {
      // 5 standard deviations of a binomial proportion
      double sd = Math.sqrt(plan[k] * (1 - plan[k]) / draws);
      assertEquals(plan[k], freq[k], 5 * sd + 1e-12, "cell " + k);
    }
  }

  @Test
  void sparsePlanAndPermutationForms() {
    double[] a = {0.5, 0.5};
    TransportPlan p = new NetworkSimplex().solve(a, a, new double[] {1, 0, 0, 1});
    int[] is = new int[1000];
    int[] js = new int[1000];
    new PlanSampler().sample(p, new SplittableRandom(3), is, js);
    for (int s = 0; s < is.length; s++) {
      assertEquals(1 - is[s], js[s]);
    }
    int[] perm = {2, 0, 1};
    PlanSampler.sample(perm, 3, new SplittableRandom(4), is, js);
    int[] count = new int[3];
    for (int s = 0; s < is.length; s++) {
      assertEquals(perm[is[s]], js[s]);
      count[is[s]]++;
    }
    for (int c : count) {
      assertTrue(c > 250, "row frequencies should be near uniform: " + c);
    }
  }

  @Test
  void rejectsPlansWithoutMassOrWithNegativeEntries() {
    PlanSampler s = new PlanSampler();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.sample(new double[4], 2, 2, new SplittableRandom(1), new int[1], new int[1]));
    assertTrue(e.getMessage().contains("no mass"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> s.sample(new double[] {1, -1, 0, 0}, 2, 2, new SplittableRandom(1), new int[1],
            new int[1]));
    assertTrue(e.getMessage().contains("(0, 1) is -1.0"), e.getMessage());
  }
}
