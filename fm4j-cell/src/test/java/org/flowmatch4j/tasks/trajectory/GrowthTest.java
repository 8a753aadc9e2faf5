package org.flowmatch4j.tasks.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.CheckpointPolicy;
import org.flowmatch4j.train.TrainListener;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.train.NetworkSpec;
import org.flowmatch4j.train.OptimSpec;
import org.junit.jupiter.api.Test;

/** Population masses, the default WFR length scale, the growth simulator and a short WFR fit on it. */
class GrowthTest {
  private static TimeCourse course(int... counts) {
    Matrix[] snaps = new Matrix[counts.length];
    double[] times = new double[counts.length];
    SplittableRandom rng = new SplittableRandom(1);
    for (int k = 0; k < counts.length; k++) {
      times[k] = k;
      snaps[k] = new Matrix(counts[k], 2);
      for (int q = 0; q < snaps[k].data.length; q++) {
        snaps[k].data[q] = (float) (k + rng.nextGaussian());
      }
    }
    return new TimeCourse(times, snaps);
  }

  @Test
  void massesDefaultToCellCountsAndAreRescaledWhenGiven() {
    TimeCourse tc = course(10, 15, 40);
    assertArrayEquals(new double[] {1, 1.5, 4}, PopulationMasses.relative(tc, null), 1e-15);
    double[] given = PopulationMasses.relative(tc, new double[] {2, 3, 2});
    assertArrayEquals(new double[] {1, 1.5, 1}, given, 1e-15);
    assertEquals(1 * 10 / 40.0, PopulationMasses.cellMass(tc, given, 2), 1e-15, "M_k N_0 / N_k");
    InvalidSettingException len = assertThrows(InvalidSettingException.class,
        () -> PopulationMasses.relative(tc, new double[] {1, 2}));
    assertEquals("masses has 2 values but the data has 3 time points", len.getMessage());
    assertEquals("--masses has 2 values but the data has 3 time points", len.message(s -> "--" + s));
    InvalidSettingException neg = assertThrows(InvalidSettingException.class,
        () -> PopulationMasses.relative(tc, new double[] {1, 0, 2}));
    assertTrue(neg.getMessage().startsWith("masses value 2 is 0.0"), neg.getMessage());
  }

  @Test
  void massesFromACellColumnAreItsSumsPerTimePoint() {
    TimeCourse tc = course(2, 3, 1);
    double[] time = {1, 0, 2, 1, 0, 1};
    double[] share = {0.5, 2, 7, 1.5, 1, 0};
    assertArrayEquals(new double[] {3, 2, 7}, ObsMasses.perTimePoint(time, share, tc, "f: {masses} share"), 0);
    InvalidSettingException neg = assertThrows(InvalidSettingException.class,
        () -> ObsMasses.perTimePoint(time, new double[] {1, 1, 1, -1, 1, 1}, tc, "f: {masses} share"));
    assertTrue(neg.getMessage().startsWith("f: masses share: row 4 is -1.0"), neg.getMessage());
    assertTrue(neg.message(s -> "--" + s).startsWith("f: --masses share: row 4"), neg.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> ObsMasses.perTimePoint(time, new double[] {1, 1, 0, 1, 1, 1}, tc, "f: {masses} share"));
    assertTrue(empty.getMessage().contains("the cells of time 2.0 sum to 0.0"), empty.getMessage());
  }

  @Test
  void defaultDeltaIsTheLargestNearestNeighbourDistance() {
    Matrix a = new Matrix(2, 1, new float[] {0, 10});
    Matrix b = new Matrix(3, 1, new float[] {1, 4, 9.5f});
    Matrix c = new Matrix(1, 1, new float[] {5});
    TimeCourse tc = new TimeCourse(new double[] {0, 1, 2}, new Matrix[] {a, b, c});
    // a -> b: 1, 0.5; b -> a: 1, 4, 0.5; b -> c: 4, 1, 4.5; c -> b: 1; so delta = 4.5 (cell 9.5 to 5)
    assertEquals(4.5, WfrDelta.fromData(tc, new int[] {0, 1, 2}), 1e-12);
    assertEquals(Math.sqrt(Math.pow(10 - 5, 2)), WfrDelta.fromData(tc, new int[] {0, 2}), 1e-12);
  }

  @Test
  void simulatedCountsFollowThePopulationMass() {
    GrowingBifurcation sim = GrowingBifurcation.demo();
    double[] times = {0, 2, 4};
    GrowthModel.Particles[] truth = sim.simulate(2000, times, new SplittableRandom(3));
    assertEquals(1, truth[0].mass(), 1e-9);
    assertTrue(truth[2].mass() > 1 && truth[1].mass() < truth[2].mass(), "the dividing fate outweighs the deaths");
    Matrix at = new Matrix(3, 2, new float[] {0, 1, 0, -1, 0, 3});
    assertArrayEquals(new double[] {0.5 - 0.2, -0.2, 0.9 - 0.2}, sim.growthRate(at), 1e-7);
    TimeCourse tc = sim.branching(1000, times, new SplittableRandom(4));
    assertEquals(1000, tc.snapshot(0).rows);
    for (int k = 1; k < times.length; k++) {
      // a birth-death population of ~1000 cells: the count's sd is ~sqrt(1000 * 2 * 2 * 0.6) ~ 50
      double expected = 1000 * truth[k].mass();
      assertEquals(expected, tc.snapshot(k).rows, 0.12 * expected, "cells at t=" + times[k]);
    }
    assertTrue(tc.snapshot(2).rows > 1300, "the dividing fate outweighs the deaths: " + tc.snapshot(2).rows);
  }

  @Test
  void wfrLearnsTheSimulatedGrowthRateAndMass() throws IOException {
    GrowingBifurcation sim = GrowingBifurcation.demo();
    double[] times = {0, 1, 2, 3, 4};
    TimeCourse tc = sim.branching(150, times, new SplittableRandom(6));
    TrajectoryConfig cfg = new TrajectoryConfig(Matcher.WFR, 0, null, new NetworkSpec(32, 3, Activation.TANH), new OptimSpec(300, 64, 5e-3, 0, 0, 0.99), SolverSpec.fixed(SolverKind.EULER, 20));
    GrowthResult r = GrowthProtocols.fitAll(tc, cfg, GrowthSettings.defaults().withGrowthWidth(24), new long[] {1},
        TrainListener.NONE, CheckpointPolicy.none());
    assertEquals(24, r.model().growth().config().width(), "the growth network has the growth width");
    assertEquals(32, r.model().velocity().config().width(), "the velocity network has the config's width");
    double corr = GrowthDemo.growthCorrelation(r.model(), sim, tc);
    assertTrue(corr > 0.9, "growth correlation " + corr);
    for (int i = 0; i < r.ks().length; i++) {
      assertTrue(r.massErrorMean(i) < 0.15, "mass error at t=" + r.times()[i] + ": " + r.massErrorMean(i));
      assertTrue(r.w1Mean(i) < 0.5 * r.noMotion()[i], "W1 " + r.w1Mean(i) + " vs no motion " + r.noMotion()[i]);
    }
  }

  @Test
  void growthWidthBelowOneIsRefusedNamingTheOption() {
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> GrowthSettings.defaults().withGrowthWidth(0));
    assertTrue(e.getMessage().contains("growth-width must be at least 1, got 0"), e.getMessage());
  }

  @Test
  void deltaTooSmallForEveryPairIsRefusedWithASuggestion() {
    TimeCourse tc = new TimeCourse(new double[] {0, 1},
        new Matrix[] {new Matrix(1, 1, new float[] {0}), new Matrix(2, 1, new float[] {3, 4})});
    TrajectoryConfig cfg = new TrajectoryConfig(Matcher.WFR, 0, null, new NetworkSpec(4, 1, Activation.TANH), new OptimSpec(1, 4, 1e-3, 0, 0, 0), SolverSpec.fixed(SolverKind.EULER, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GrowthIntervals.build(tc, new int[] {0, 1}, cfg, GrowthSettings.defaults().withDelta(0.5), 1));
    assertTrue(e.getMessage().contains("closest 3") && e.getMessage().contains("above 0.9549"), e.getMessage());
  }
}
