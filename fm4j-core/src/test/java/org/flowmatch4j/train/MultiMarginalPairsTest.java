package org.flowmatch4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.flowmatch4j.fm.coupling.IndependentCoupling;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.fm.path.CondOtScheduler;
import org.flowmatch4j.fm.path.GaussianPath;
import org.flowmatch4j.fm.path.NoiseSchedule;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** A course with many time points: a step stacks a bounded number of pairs, and every pair takes its turn. */
class MultiMarginalPairsTest {
  private static final int N = 4;

  /** K time points at model times 0..K-1, one cell each at x = (k, 0). */
  private static MultiMarginalObjective objective(int k) {
    Matrix[] snaps = new Matrix[k];
    double[] times = new double[k];
    int[] train = new int[k];
    for (int i = 0; i < k; i++) {
      snaps[i] = new Matrix(1, 2);
      snaps[i].set(0, 0, i);
      times[i] = i;
      train[i] = i;
    }
    Mlp net = new Mlp(MlpConfig.velocity(2, 8, 1, Activation.SELU, 1));
    return new MultiMarginalObjective("icfm", snaps, times, train, Pairing.minibatch(IndependentCoupling::new),
        new GaussianPath(new CondOtScheduler(), NoiseSchedule.constant(0)), net, N);
  }

  @Test
  void aStepStacksAtMostMaxPairsDistinctPairsAndAllPairsTakeTurns() {
    int k = 200;
    MultiMarginalObjective obj = objective(k);
    MultiMarginalObjective.Batch b = obj.newBatch();
    int slots = MultiMarginalObjective.MAX_PAIRS_PER_STEP;
    assertEquals(slots * N, b.xt.rows);
    Set<Integer> seen = new HashSet<>();
    for (int s = 0; s < 200; s++) {
      obj.prepare(Trainer.stepRandom(1, s), b, null);
      Set<Integer> step = new HashSet<>();
      for (int p = 0; p < slots; p++) {
        // a pair (q, q + 1) has its rows at model times in [q, q + 1] and velocity target (1, 0)
        int q = (int) Math.floor(b.tau.data[p * N]);
        for (int r = 0; r < N; r++) {
          float tau = b.tau.data[p * N + r];
          assertTrue(tau >= q && tau <= q + 1, "slot " + p + " tau " + tau);
          assertEquals(1f, b.target.get(p * N + r, 0), 1e-6f);
          assertEquals(tau, b.xt.get(p * N + r, 0), 1e-4f); // x_t = (1 - t) q + t (q + 1) = tau
        }
        step.add(b.pairIndex[p]);
      }
      assertEquals(slots, step.size(), "pairs of one step are distinct");
      seen.addAll(step);
    }
    // 200 steps of 16 draws among 199 pairs: a pair is missed with probability (1 - 16/199)^200 < 1e-7
    assertEquals(k - 1, seen.size());
  }

  @Test
  void aShortCourseStacksEveryPairInOrder() {
    MultiMarginalObjective obj = objective(5);
    MultiMarginalObjective.Batch b = obj.newBatch();
    assertEquals(4 * N, b.xt.rows);
    obj.prepare(Trainer.stepRandom(1, 0), b, null);
    for (int p = 0; p < 4; p++) {
      assertEquals(p, b.pairIndex[p]);
      assertTrue(b.tau.data[p * N] >= p && b.tau.data[p * N] <= p + 1);
    }
  }
}
