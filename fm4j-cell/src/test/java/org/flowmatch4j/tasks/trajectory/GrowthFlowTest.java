package org.flowmatch4j.tasks.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.NetworkSpec;
import org.flowmatch4j.train.OptimSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The growth front door on a population that doubles while it moves by (1, 0): the pushed cells
 * land on the later population and their total weight doubles; a saved flow pushes the same cells
 * and weights bit for bit. Unless configured, the builder fits the recipe of {@code fm4j trajectory
 * --matcher wfr}.
 */
class GrowthFlowTest {
  @TempDir Path dir;

  @Test
  void aDoublingPopulationDoublesItsMassAndMoves() {
    SplittableRandom rng = new SplittableRandom(3);
    int n0 = 100;
    int n1 = 200;
    float[][] cells = new float[n0 + n1][];
    double[] days = new double[n0 + n1];
    for (int i = 0; i < cells.length; i++) {
      days[i] = i < n0 ? 0 : 1;
      cells[i] = new float[] {(float) (days[i] + 0.2 * rng.nextGaussian()), (float) (0.2 * rng.nextGaussian())};
    }
    TrajectoryConfig cfg = new TrajectoryConfig(Matcher.WFR, 0, null, new NetworkSpec(32, 2, Activation.SELU), new OptimSpec(150, 64, 1e-2, 0, 0, 0), SolverSpec.fixed(SolverKind.EULER, 20));
    GrowthFlow flow = GrowthInference.builder().config(cfg).seed(1).fit(cells, days);
    Matrix day0 = Matrix.of(Arrays.copyOfRange(cells, 0, n0));
    double[] w = new double[n0];
    Arrays.fill(w, 1.0 / n0);
    GrowthModel.Particles p = flow.push(day0, w, 0, 1);
    assertEquals(2.0, p.mass(), 0.3, "relative mass at day 1 (200 cells after 100)");
    double mean = 0;
    for (int i = 0; i < n0; i++) {
      mean += p.w()[i] * p.x().get(i, 0) / p.mass();
    }
    assertEquals(1.0, mean, 0.2, "weighted mean of the first coordinate at day 1");
    flow.save(dir.resolve("growth.fm4j"));
    GrowthFlow again = GrowthFlow.load(dir.resolve("growth.fm4j"));
    GrowthModel.Particles q = again.push(day0, w, 0, 1);
    assertEquals(p.x(), q.x());
    assertArrayEquals(p.w(), q.w());
    assertEquals(flow.config(), again.config());
    assertThrows(IllegalArgumentException.class, () -> flow.push(day0, new double[3], 0, 1));
  }

  @Test
  void theBuilderFitsTheCommandsGrowthRecipeByDefault() {
    SplittableRandom rng = new SplittableRandom(5);
    float[][] cells = new float[60][];
    double[] days = new double[60];
    for (int i = 0; i < cells.length; i++) {
      days[i] = i < 30 ? 0 : 1;
      cells[i] = new float[] {(float) (days[i] + 0.2 * rng.nextGaussian()), (float) (0.2 * rng.nextGaussian())};
    }
    GrowthFlow flow = GrowthInference.builder().steps(20).seed(1).fit(cells, days);
    assertEquals(TrajectoryConfig.growth().withSteps(20), flow.config());
    assertEquals(SolverKind.DOPRI5, flow.config().solver().kind(), "pushed by dopri5, as fm4j trajectory --matcher wfr");
  }
}

