package org.flowmatch4j.tasks.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.CheckpointPolicy;
import org.flowmatch4j.train.TrainListener;
import org.flowmatch4j.train.NetworkSpec;
import org.flowmatch4j.train.OptimSpec;
import org.junit.jupiter.api.Test;

/**
 * Both protocols on a course whose answer is known exactly: one cloud of cells translated at a
 * constant velocity v, observed at the unevenly spaced times 0, 1 and 3 (snapshot k is the cloud
 * plus {@code t_k v}). A translate of a distribution is at W1 distance |shift| from it (the
 * identity coupling attains it and the 1-Lipschitz function {@code <x, v / |v|>} bounds it from
 * below), so the no-motion baseline of time point k is exactly {@code |v| (t_k - t_(k-1))}. The OT
 * plan between two translates of one cloud under squared Euclidean cost is the identity, so the
 * McCann interpolation is the snapshot itself (W1 0). A flow that learned the constant field
 * carries every cell onto its translate, so its W1 must be a small fraction of the no-motion one.
 */
class LinearDriftTest {
  private static final double[] TIMES = {0, 1, 3};
  private static final double[] V = {1.5, -1.0};
  private static final double SPEED = Math.hypot(V[0], V[1]);
  private static final long[] SEEDS = {1, 2};

  private static TimeCourse drift() {
    SplittableRandom r = new SplittableRandom(11);
    int n = 40;
    Matrix[] snaps = new Matrix[TIMES.length];
    double[] cloud = new double[2 * n];
    for (int i = 0; i < cloud.length; i++) {
      cloud[i] = 0.5 * r.nextGaussian();
    }
    for (int k = 0; k < snaps.length; k++) {
      snaps[k] = new Matrix(n, 2);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < 2; j++) {
          snaps[k].data[2 * i + j] = (float) (cloud[2 * i + j] + TIMES[k] * V[j]);
        }
      }
    }
    return new TimeCourse(TIMES, snaps);
  }

  private static TrajectoryConfig config() {
    return new TrajectoryConfig(Matcher.OTCFM, 0, null, new NetworkSpec(16, 2, Activation.SELU), new OptimSpec(200, 32, 1e-2, 0, 0, 0), SolverSpec.fixed(SolverKind.EULER, 20));
  }

  @Test
  void leaveOneOutRecoversTheHeldOutTranslate() throws IOException {
    TimeCourse tc = drift();
    HoldoutResult r = LeaveOneOut.run(tc, 1, config(), SEEDS, TrainListener.NONE, CheckpointPolicy.none());
    assertEquals(1, r.k());
    assertEquals(1.0, r.time());
    assertArrayEquals(SEEDS, r.seeds());
    assertEquals(SPEED * (TIMES[1] - TIMES[0]), r.noMotion(), 1e-5);
    assertEquals(0, r.otInterpolation(), 1e-5);
    assertEquals(tc.snapshot(0).rows, r.prediction().rows);
    assertEquals(SEEDS.length, r.w1().length);
    for (double w : r.w1()) {
      // measured: 0.08 and 0.04 (no motion: 1.80)
      assertTrue(w < 0.1 * r.noMotion(), "W1 of the pushed cells " + w + " vs no motion " + r.noMotion());
    }
    assertEquals((r.w1()[0] + r.w1()[1]) / 2, r.w1Mean(), 1e-12);
  }

  @Test
  void fitAllCarriesTheFirstSnapshotOntoEveryLaterOne() throws IOException {
    TimeCourse tc = drift();
    long[] seed = {1};
    FitAllResult r = FitAll.run(tc, config(), seed, TrainListener.NONE, CheckpointPolicy.none());
    assertArrayEquals(seed, r.seeds());
    assertEquals(1, r.w1().length);
    for (int k = 1; k < TIMES.length; k++) {
      double noMotion = SPEED * (TIMES[k] - TIMES[0]);
      assertEquals(noMotion, r.noMotion()[k - 1], 1e-5);
      for (double w : r.column(k)) {
        // measured: 0.09 at day 1 (no motion 1.80), 0.29 at day 3 (5.41)
        assertTrue(w < 0.1 * noMotion, "W1 at time point " + k + ": " + w + " vs no motion " + noMotion);
      }
    }
  }

  @Test
  void onlyInteriorTimePointsCanBeHeldOut() {
    TimeCourse tc = drift();
    for (int k : new int[] {0, 2}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> LeaveOneOut.run(tc, k, config(), SEEDS, TrainListener.NONE, CheckpointPolicy.none()));
      assertEquals("held-out time point must be interior (1..1), got " + k, e.getMessage());
    }
  }

  @Test
  void theSolverSweepScoresEveryMethodAtTheBudgetsItCanSpend() throws IOException {
    TimeCourse tc = drift();
    HoldoutResult r = LeaveOneOut.run(tc, 1, config(), new long[] {1}, TrainListener.NONE, CheckpointPolicy.none());
    List<SolverSweep.Row> rows = SolverSweep.run(r, tc, List.of(2, 4), 1e-5);
    List<String> runs = rows.stream().map(x -> x.solver() + "/" + x.nfe()).toList();
    assertEquals(List.of("EULER/2", "EULER/4", "MIDPOINT/2", "MIDPOINT/4", "HEUN/2", "HEUN/4", "RK4/4"),
        runs.subList(0, 7));
    assertEquals(SolverKind.DOPRI5, rows.get(7).solver());
    assertEquals(8, rows.size());
    for (SolverSweep.Row row : rows) {
      // a near-constant drift: every method carries the cells of day 0 to day 1 closely
      assertTrue(row.w1() < 0.15 * r.noMotion(), row + " vs no motion " + r.noMotion());
    }
  }
}
