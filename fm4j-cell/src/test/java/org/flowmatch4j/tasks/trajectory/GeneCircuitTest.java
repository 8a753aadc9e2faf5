package org.flowmatch4j.tasks.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.CheckpointPolicy;
import org.flowmatch4j.train.NetworkSpec;
import org.flowmatch4j.train.OptimSpec;
import org.flowmatch4j.train.TrainListener;
import org.junit.jupiter.api.Test;

class GeneCircuitTest {
  /** Every constant 1, so the drift is checkable by hand. */
  private static final GeneCircuit UNIT = new GeneCircuit(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0.01);

  @Test
  void driftIsTheCircuitFormula() {
    Matrix x = new Matrix(3, 2, new float[] {1, 1, 0, 0, 2, 0});
    Matrix f = new Matrix(3, 2);
    UNIT.drift(x, f);
    // (1, 1): x1: 1/2 * 1/2 + 1/2 - 1; x2: 1/2 + 1/2 - 1
    // (0, 0): both genes off is a fixed point
    // (2, 0): x1: 4/5 * 1 + 0 - 2; x2: 0 + 4/5 - 0
    assertArrayEquals(new float[] {-0.25f, 0, 0, 0, -1.2f, 0.8f}, f.data, 1e-6f);
    GeneCircuit c = GeneCircuit.published();
    Matrix y = new Matrix(1, 2, new float[] {0.5f, 1.5f});
    Matrix g = new Matrix(1, 2);
    c.drift(y, g);
    double f1 = c.a1() * 0.25 / (c.s1() * c.s1() + 0.25) * c.s2() * c.s2() / (c.s2() * c.s2() + 2.25)
        + c.c1() * 2.25 / 3.25 - c.k1() * 0.5;
    double f2 = c.a2() * 2.25 / (c.s3() * c.s3() + 2.25) + c.b2() * 0.25 / 1.25 - c.k2() * 1.5;
    assertEquals(f1, g.data[0], 1e-5);
    assertEquals(f2, g.data[1], 1e-5);
  }

  @Test
  void growthIsTheDivisionRateOfX2() {
    Matrix x = new Matrix(4, 2, new float[] {5, 0, 0, 1, 0, 2, 3, 3});
    assertArrayEquals(new double[] {0, 0.25, 0.4, 0.45}, GeneCircuit.published().growthRate(x), 1e-12);
    assertArrayEquals(new double[] {0, 0.5, 0.8, 0.9}, UNIT.growthRate(x), 1e-12);
  }

  @Test
  void startsAsThePublishedPopulation() {
    Matrix x = GeneCircuit.published().start(2000, new SplittableRandom(1));
    double[] on = new double[2];
    double[] off = new double[2];
    for (int i = 0; i < 2000; i++) {
      double[] m = i < 1000 ? on : off;
      for (int c = 0; c < 2; c++) {
        assertTrue(x.data[2 * i + c] >= 0, "expression is not negative");
        m[c] += x.data[2 * i + c] / 1000;
      }
    }
    // N(2, 0.01) and N(0.2, 0.01) (clipped at 0 for 2.3% of the cells); max(N(0, 0.01), 0): 0.1 / sqrt(2 pi)
    assertEquals(2, on[0], 0.01);
    assertEquals(0.2, on[1], 0.01);
    assertEquals(0.1 / Math.sqrt(2 * Math.PI), off[0], 0.006);
    assertEquals(0.1 / Math.sqrt(2 * Math.PI), off[1], 0.006);
  }

  @Test
  void branchingIsDeterministicGivenTheSeedAndNonNegative() {
    GeneCircuit c = GeneCircuit.published();
    double[] times = {0, 0.5};
    TimeCourse a = c.branching(60, times, new SplittableRandom(3));
    TimeCourse b = c.branching(60, times, new SplittableRandom(3));
    assertArrayEquals(a.snapshot(1).data, b.snapshot(1).data);
    for (float v : a.snapshot(1).data) {
      assertTrue(v >= 0, "expression is not negative: " + v);
    }
  }

  @Test
  void countsGrowAsTheExpectedMass() {
    GeneCircuit c = GeneCircuit.published();
    double[] times = {0, 1, 2};
    GrowthModel.Particles[] truth = c.simulate(2000, times, new SplittableRandom(5));
    assertEquals(1, truth[0].mass(), 1e-9);
    TimeCourse tc = c.branching(2000, times, new SplittableRandom(6));
    for (int k = 1; k < times.length; k++) {
      // E[N_t] = N_0 E[exp(int g dt)]: the particle mean carries ~1% error, the count of a pure-birth
      // population of 2000 a standard deviation of sqrt(N_0 M (M - 1)) ~ 25 at M = 1.3
      double expected = 2000 * truth[k].mass();
      assertEquals(expected, tc.snapshot(k).rows, 0.05 * expected, "cells at t=" + times[k]);
    }
    // the cells with x1 on divide, the others hardly: the mass grows by a fifth by t = 2 (published: 1.33)
    assertTrue(truth[2].mass() > 1.2 && truth[2].mass() < 1.45, "mass at t=2: " + truth[2].mass());
  }

  @Test
  void wfrLearnsTheCircuitsGrowthRate() throws IOException {
    GeneCircuit sim = GeneCircuit.published();
    TimeCourse tc = sim.branching(80, new double[] {0, 1, 2, 3, 4}, new SplittableRandom(8));
    TrajectoryConfig cfg = new TrajectoryConfig(Matcher.WFR, 0, null, new NetworkSpec(32, 3, Activation.TANH),
        new OptimSpec(200, 64, 5e-3, 0, 0, 0.99), SolverSpec.fixed(SolverKind.EULER, 20));
    GrowthResult r = GrowthProtocols.fitAll(tc, cfg, GrowthSettings.defaults().withGrowthWidth(24), new long[] {1},
        TrainListener.NONE, CheckpointPolicy.none());
    double corr = GrowthDemo.growthCorrelation(r.model(), sim, tc);
    assertTrue(corr > 0.9, "growth correlation " + corr);
  }
}
