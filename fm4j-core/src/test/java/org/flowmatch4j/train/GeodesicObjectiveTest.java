package org.flowmatch4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.flowmatch4j.fm.coupling.ExactOtCoupling;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.fm.coupling.PlanUse;
import org.flowmatch4j.fm.metric.DiagonalMetric;
import org.flowmatch4j.fm.metric.LandMetric;
import org.flowmatch4j.fm.metric.PathEnergy;
import org.flowmatch4j.fm.path.GeodesicPath;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage 1 of metric flow matching on a manifold with a known geodesic: cells on the upper half of
 * the unit circle, the first time point at its left end, the second at its right end. The straight
 * line between them cuts under the arc, where there are no cells; the geodesic follows the arc.
 */
class GeodesicObjectiveTest {
  @TempDir Path dir;

  /** n cells at angles uniform in [from, to] degrees on the unit circle, radius jittered by 0.02. */
  private static Matrix arc(int n, double from, double to, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Matrix m = new Matrix(n, 2);
    for (int i = 0; i < n; i++) {
      double a = Math.toRadians(from + (to - from) * rng.nextDouble());
      double r = 1 + 0.02 * rng.nextGaussian();
      m.data[2 * i] = (float) (r * Math.cos(a));
      m.data[2 * i + 1] = (float) (r * Math.sin(a));
    }
    return m;
  }

  private static double meanMidpointRadius(GeodesicPath path, Matrix x0, Matrix x1) {
    Matrix xt = new Matrix(x0.rows, 2);
    Matrix ut = new Matrix(x0.rows, 2);
    float[] t = new float[x0.rows];
    Arrays.fill(t, 0.5f);
    path.sample(x0, x1, t, null, xt, ut);
    double r = 0;
    for (int i = 0; i < x0.rows; i++) {
      r += Math.hypot(xt.data[2 * i], xt.data[2 * i + 1]) / x0.rows;
    }
    return r;
  }

  @Test
  void stageOneBendsThePathOntoTheCircleAndLowersItsEnergy() throws IOException {
    Matrix left = arc(150, 150, 180, 1);
    Matrix right = arc(150, 0, 30, 2);
    DiagonalMetric g = LandMetric.fit(arc(400, 0, 180, 3), 0.1, Double.NaN, 1, 64, 4);
    Mlp phi = GeodesicPath.newPhi(2, 32, 2, Activation.SELU, 5);
    GeodesicObjective obj = new GeodesicObjective("otmfm-path", new Matrix[] {left, right}, new double[] {0, 1},
        new int[] {0, 1}, List.of(g), Pairing.minibatch(() -> new ExactOtCoupling(PlanUse.RESAMPLE)), phi, 64);
    Matrix x0 = arc(100, 150, 180, 6);
    Matrix x1 = arc(100, 0, 30, 7);
    GeodesicPath straight = new GeodesicPath(GeodesicPath.newPhi(2, 32, 2, Activation.SELU, 5), 0);
    PathEnergy before = PathEnergy.measure(straight, g, x0, x1, 64);
    double rBefore = meanMidpointRadius(straight, x0, x1);

    Path file = dir.resolve("path.ckpt");
    TrainResult r = Trainer.train(obj, TrainConfig.simple(150, 3e-3, 8).withCheckpoint(file, 0), TrainListener.NONE);
    GeodesicPath learned = new GeodesicPath(phi, 0);
    PathEnergy after = PathEnergy.measure(learned, g, x0, x1, 64);
    double rAfter = meanMidpointRadius(learned, x0, x1);

    assertTrue(after.energy() < 0.5 * before.energy(), "metric energy " + before.energy() + " -> " + after.energy());
    assertTrue(rBefore < 0.4, "the straight midpoint is inside the circle: " + rBefore);
    assertTrue(rAfter > rBefore + 0.3, "midpoint radius " + rBefore + " -> " + rAfter);
    assertTrue(after.length() > before.length(), "the geodesic is longer in Euclidean terms");
    assertTrue(r.finalLoss(50) < 0.5 * r.losses()[0], "loss " + r.losses()[0] + " -> " + r.finalLoss(50));
    Checkpoint ck = Checkpoint.read(file);
    assertEquals("land", ck.get("metric0.kind"));
    assertEquals(400, ck.tensor("metric0", "support").rows);
  }

  @Test
  void theValidationEnergyIsThatOfItsFixedBatchAndStopsStageOneWhereItLevelsOff() {
    Matrix left = arc(150, 150, 180, 1);
    Matrix right = arc(150, 0, 30, 2);
    DiagonalMetric g = LandMetric.fit(arc(400, 0, 180, 3), 0.1, Double.NaN, 1, 64, 4);
    Mlp phi = GeodesicPath.newPhi(2, 32, 2, Activation.SELU, 5);
    double span = 2;
    GeodesicObjective obj = new GeodesicObjective("otmfm-path", new Matrix[] {left, right}, new double[] {0, span},
        new int[] {0, 1}, List.of(g), Pairing.population(), phi, 64);
    DoubleSupplier validation = obj.validation(9);
    // phi = 0: the straight line, mean over the batch of sum_j g_j(mu_t) ((x1 - x0)_j / span)^2
    GeodesicObjective.Batch b = obj.newBatch();
    obj.prepare(new SplittableRandom(9), b, null);
    Matrix mu = new Matrix(64, 2);
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 2; j++) {
        mu.data[2 * i + j] = (1 - b.t[i]) * b.x0.data[2 * i + j] + b.t[i] * b.x1.data[2 * i + j];
      }
    }
    Matrix gm = new Matrix(64, 2);
    g.apply(mu, 0, 64, gm);
    double straight = 0;
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 2; j++) {
        double u = (b.x1.data[2 * i + j] - b.x0.data[2 * i + j]) / span;
        straight += gm.data[2 * i + j] * u * u / 64;
      }
    }
    assertEquals(straight, validation.getAsDouble(), 1e-4 * straight);
    assertEquals(validation.getAsDouble(), validation.getAsDouble(), 0);

    PlateauRule rule = new PlateauRule(10, 5, 0.01);
    TrainResult r = Trainer.train(obj, TrainConfig.simple(3000, 3e-3, 8), TrainListener.NONE,
        new EarlyStopping(validation, rule));
    assertTrue(r.stepsTaken() < 3000 && r.stepsTaken() % 10 == 0, "stopped after " + r.stepsTaken());
    assertTrue(validation.getAsDouble() < 0.5 * straight, "energy " + straight + " -> " + validation.getAsDouble());
  }

  @Test
  void needsTwoTimePointsAndOneMetricPerPair() {
    Matrix a = arc(10, 0, 30, 1);
    DiagonalMetric g = LandMetric.fit(a, Double.NaN, Double.NaN, 1, 8, 1);
    Mlp phi = GeodesicPath.newPhi(2, 8, 1, Activation.SELU, 1);
    IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
        () -> new GeodesicObjective("x", new Matrix[] {a}, new double[] {0}, new int[] {0}, List.of(),
            Pairing.minibatch(() -> new ExactOtCoupling(PlanUse.RESAMPLE)), phi, 8));
    assertTrue(one.getMessage().contains("at least 2 time points"), one.getMessage());
    IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
        () -> new GeodesicObjective("x", new Matrix[] {a, a, a}, new double[] {0, 1, 2}, new int[] {0, 1, 2},
            List.of(g), Pairing.minibatch(() -> new ExactOtCoupling(PlanUse.RESAMPLE)), phi, 8));
    assertTrue(two.getMessage().contains("one metric per pair"), two.getMessage());
  }
}
