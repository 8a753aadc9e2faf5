package org.flowmatch4j.tasks.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.coupling.ExactOtCoupling;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.fm.coupling.PlanUse;
import org.flowmatch4j.fm.path.GeodesicPath;
import org.flowmatch4j.fm.metric.MetricKind;
import org.flowmatch4j.fm.metric.MetricSpec;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.nn.Parameter;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.CheckpointPolicy;
import org.flowmatch4j.train.TrainListener;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.train.NetworkSpec;
import org.flowmatch4j.train.OptimSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricTrajectoryTest {
  @TempDir Path dir;

  /** Three time points of 2-D cells drifting to the right along a bend. */
  private static TimeCourse course() {
    SplittableRandom rng = new SplittableRandom(1);
    Matrix[] snaps = new Matrix[3];
    for (int k = 0; k < 3; k++) {
      snaps[k] = new Matrix(60, 2);
      for (int i = 0; i < 60; i++) {
        double a = Math.PI * (1 - k / 2.0) + 0.2 * rng.nextGaussian();
        snaps[k].data[2 * i] = (float) Math.cos(a);
        snaps[k].data[2 * i + 1] = (float) (Math.sin(a) + 0.05 * rng.nextGaussian());
      }
    }
    return new TimeCourse(new double[] {0, 1, 2}, snaps);
  }

  private static TrajectoryConfig config(Matcher m, int steps) {
    return new TrajectoryConfig(m, 0.1, null, new NetworkSpec(16, 2, Activation.SELU), new OptimSpec(steps, 32, 1e-3, 1e-5, 0, 0), SolverSpec.fixed(SolverKind.EULER, 20));
  }

  private static float[] weights(TrajectoryModel m) {
    int n = 0;
    for (Parameter p : m.net().parameters()) {
      n += p.value().data.length;
    }
    float[] all = new float[n];
    int o = 0;
    for (Parameter p : m.net().parameters()) {
      System.arraycopy(p.value().data, 0, all, o, p.value().data.length);
      o += p.value().data.length;
    }
    return all;
  }

  @Test
  void aFlatMetricLeavesPhiAtZeroAndIsOtCfm() throws IOException {
    TimeCourse tc = course();
    int[] train = {0, 2};
    TrajectoryConfig flat = config(Matcher.OTMFM, 25)
        .withMetric(new MetricSpec(MetricKind.LAND, Double.NaN, 0, Double.NaN, 10, 1, 16), 25);
    TrajectoryModel mfm = TrajectoryModel.train(tc, train, flat, flat.pairing(), 3, TrainListener.NONE, CheckpointPolicy.none(), "m");
    TrajectoryModel cfm = TrajectoryModel.train(tc, train, config(Matcher.OTCFM, 25), config(Matcher.OTCFM, 25).pairing(), 3, TrainListener.NONE,
        CheckpointPolicy.none(), "c");
    assertEquals(0, mfm.geodesic().stage1().stepsTaken());
    for (Parameter p : mfm.geodesic().phi().parameters().subList(mfm.geodesic().phi().parameters().size() - 2,
        mfm.geodesic().phi().parameters().size())) {
      for (float v : p.value().data) {
        assertEquals(0f, v, 0f, "phi's output layer stays zero");
      }
    }
    assertEquals(mfm.geodesic().straight().energy(), mfm.geodesic().learned().energy(), 1e-9);
    float[] a = mfm.training().losses();
    float[] b = cfm.training().losses();
    for (int s = 0; s < a.length; s++) {
      assertEquals(b[s], a[s], 1e-4 * Math.max(1, Math.abs(b[s])), "loss of step " + (s + 1));
    }
    Matrix pa = mfm.push(tc.snapshot(0), 0, 1, SolverSpec.fixed(SolverKind.EULER, 20));
    Matrix pb = cfm.push(tc.snapshot(0), 0, 1, SolverSpec.fixed(SolverKind.EULER, 20));
    assertArrayEquals(pb.data, pa.data, 1e-3f);
  }

  @Test
  void oneCheckpointHoldsBothNetworksAndTheMetricsAndResumesEitherStage() throws IOException {
    TimeCourse tc = course();
    int[] train = {0, 1, 2};
    TrajectoryConfig cfg = config(Matcher.OTMFM, 12).withMetric(MetricSpec.defaults(MetricKind.LAND), 8);
    TrajectoryModel whole = TrajectoryModel.train(tc, train, cfg, cfg.pairing(), 5, TrainListener.NONE,
        new CheckpointPolicy(dir.resolve("a"), false), "run.ckpt");
    Checkpoint ck = Checkpoint.read(dir.resolve("a").resolve("run.ckpt"));
    assertEquals("otmfm", ck.get("train.objective"));
    assertTrue(ck.sections().containsAll(java.util.List.of("net0", "phi", "metric0", "metric1")), ck.sections().toString());
    assertEquals(8, whole.geodesic().stage1().stepsTaken());

    // interrupted in stage 2: the file still holds the finished stage 1
    TrainListener stop = new TrainListener() {
      String task;

      @Override
      public void onStart(String t, int first, int total) {
        task = t;
      }

      @Override
      public void onStep(int step, double loss) {
        if (task.equals("otmfm") && step == 5) {
          throw new IllegalStateException("interrupted");
        }
      }
    };
    CheckpointPolicy b = new CheckpointPolicy(dir.resolve("b"), true);
    assertThrows(IllegalStateException.class, () -> TrajectoryModel.train(tc, train, cfg, cfg.pairing(), 5, stop, b, "run.ckpt"));
    assertEquals("otmfm-path", Checkpoint.read(dir.resolve("b").resolve("run.ckpt")).get("train.objective"));
    TrajectoryModel resumed = TrajectoryModel.train(tc, train, cfg, cfg.pairing(), 5, TrainListener.NONE, b, "run.ckpt");
    assertEquals(0, resumed.geodesic().stage1().stepsTaken(), "stage 1 was complete");
    assertArrayEquals(weights(whole), weights(resumed), 0f);

    // finished: resuming takes no step and gives the same network
    TrajectoryModel again = TrajectoryModel.train(tc, train, cfg, cfg.pairing(), 5, TrainListener.NONE, b, "run.ckpt");
    assertEquals(0, again.training().stepsTaken());
    assertArrayEquals(weights(whole), weights(again), 0f);
    assertEquals(whole.geodesic().learned().energy(), again.geodesic().learned().energy(), 0);
  }

  @Test
  void stageTwoTabulatesPhiOnlyForTheFinitePairsOfWholePopulationPlansAndWhenThatIsCheaper() {
    Matrix[] snaps = TrajectoryModel.snapshots(course());
    int[] train = {0, 1, 2};
    GeodesicPath path = new GeodesicPath(GeodesicPath.newPhi(2, 8, 1, Activation.SELU, 1), 0.1);
    GeodesicPath tabulated = MetricTrajectory.tabulate(path, snaps, train, Pairing.population(), 1_000_000);
    assertNotNull(tabulated.table());
    // each plan of 60 x 60 cells has at most 60 + 60 - 1 positive entries
    assertTrue(tabulated.table().pairs() >= 60 && tabulated.table().pairs() <= 2 * 119, "" + tabulated.table().pairs());
    assertNull(MetricTrajectory.tabulate(path, snaps, train, Pairing.minibatch(() -> new ExactOtCoupling(PlanUse.RESAMPLE)),
        1_000_000).table());
    assertNull(MetricTrajectory.tabulate(path, snaps, train, Pairing.population(), 1000).table());
  }

  @Test
  void aMetricNeedsTwoTimePointsAndRbfAtMostAsManyCentresAsCells() {
    TimeCourse tc = course();
    Matrix[] snaps = TrajectoryModel.snapshots(tc);
    IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
        () -> MetricTrajectory.fitMetrics(snaps, new int[] {1}, MetricSpec.defaults(MetricKind.LAND), 1));
    assertTrue(one.getMessage().contains("at least 2 time points"), one.getMessage());
    IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
        () -> MetricTrajectory.fitMetrics(snaps, new int[] {0, 1},
            new MetricSpec(MetricKind.RBF, Double.NaN, 1, Double.NaN, 121, 1, 8), 1));
    assertTrue(many.getMessage().startsWith("rbf-centres must be between 1 and the 120 cells"), many.getMessage());
    InvalidSettingException noMetric = assertThrows(InvalidSettingException.class,
        () -> config(Matcher.OTCFM, 5).withMetric(MetricSpec.defaults(MetricKind.RBF), 5));
    assertEquals("--metric applies to --matcher otmfm or imfm only, not otcfm", noMetric.message(s -> "--" + s));
  }
}
