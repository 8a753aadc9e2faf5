package org.flowmatch4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.MlpField;
import org.flowmatch4j.fm.coupling.CoupledPairs;
import org.flowmatch4j.fm.coupling.IndependentCoupling;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.fm.path.CondOtScheduler;
import org.flowmatch4j.fm.path.GaussianPath;
import org.flowmatch4j.fm.path.NoiseSchedule;
import org.flowmatch4j.fm.path.Prediction;
import org.flowmatch4j.fm.solver.FixedStepMethod;
import org.flowmatch4j.fm.solver.FixedStepSolver;
import org.flowmatch4j.fm.source.GaussianMixtureSource;
import org.flowmatch4j.fm.source.GaussianSource;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  @TempDir Path dir;

  private static FlowMatchingObjective shiftObjective(long netSeed) {
    Mlp net = new Mlp(MlpConfig.velocity(1, 32, 2, Activation.SELU, netSeed));
    GaussianMixtureSource target =
        GaussianMixtureSource.uniform(new Matrix(1, 1, new float[] {3}), 0.5);
    return new FlowMatchingObjective("icfm", new CoupledPairs(new GaussianSource(1), target, new IndependentCoupling()),
        new GaussianPath(new CondOtScheduler(), NoiseSchedule.constant(0.05)), net, null,
        Prediction.VELOCITY, 64);
  }

  @Test
  void learnsToCarryAGaussianOntoAShiftedOne() throws IOException {
    FlowMatchingObjective obj = shiftObjective(1);
    TrainResult r = Trainer.train(obj, TrainConfig.simple(1500, 3e-3, 7), TrainListener.NONE);
    assertEquals(1500, r.losses().length);
    Matrix x0 = new GaussianSource(1).sample(new SplittableRandom(9), 4000);
    Matrix x1 = new FixedStepSolver(FixedStepMethod.RK4, 20).integrate(MlpField.of(obj.networks().get(0)), x0, 0, 1).x();
    double mean = 0, sq = 0;
    for (float v : x1.data) {
      mean += v;
    }
    mean /= x1.rows;
    for (float v : x1.data) {
      sq += (v - mean) * (v - mean);
    }
    assertEquals(3.0, mean, 0.1);
    assertEquals(0.5, Math.sqrt(sq / x1.rows), 0.1);
  }

  @Test
  void stopsWhenTheValidationLossLevelsOffWithTheWeightsItSaw() {
    // a scripted validation loss: falls for 3 evaluations, then flat; patience 2 stops after the 5th
    double[] script = {5, 4, 3, 3, 3, 3, 3, 3};
    int[] calls = {0};
    FlowMatchingObjective obj = shiftObjective(1);
    Matrix w = obj.networks().get(0).parameters().get(0).value();
    float[][] seen = new float[1][];
    EarlyStopping stop = new EarlyStopping(() -> {
      seen[0] = w.data.clone();
      return script[calls[0]++];
    }, new PlateauRule(4, 2, 0));
    TrainConfig cfg = new TrainConfig(100, org.flowmatch4j.nn.AdamConfig.adamW(1e-3, 1e-5), null, 0, 0.9, 5, null, 0, false);
    TrainResult r = Trainer.train(obj, cfg, TrainListener.NONE, stop);
    assertEquals(5, calls[0]);
    assertEquals(20, r.stepsTaken());
    assertEquals(20, r.losses().length);
    assertArrayEquals(Trainer.train(shiftObjective(1), cfg.withSteps(20), TrainListener.NONE).losses(), r.losses());
    // the last evaluation saw the EMA weights of step 20, which the run ends with
    assertArrayEquals(seen[0], w.data);
  }

  @Test
  void aRunInterruptedBeforeItStopsResumesToTheSameStopAndAStoppedOneStaysStopped() {
    TrainConfig cfg = new TrainConfig(400, org.flowmatch4j.nn.AdamConfig.adamW(1e-2, 1e-5), null, 0, 0.9, 5, null, 0, false);
    PlateauRule rule = new PlateauRule(10, 2, 0.05);
    FlowMatchingObjective whole = shiftObjective(3);
    TrainResult expected = Trainer.train(whole, cfg, TrainListener.NONE, validation(whole, rule));
    assertTrue(expected.stepsTaken() < 400 && expected.stepsTaken() > 20, "stopped at " + expected.stepsTaken());

    Path ck = dir.resolve("stop.ckpt");
    FlowMatchingObjective first = shiftObjective(3);
    Trainer.train(first, cfg.withSteps(expected.stepsTaken() - 10).withCheckpoint(ck, 0), TrainListener.NONE,
        validation(first, rule));
    FlowMatchingObjective resumed = shiftObjective(3);
    TrainResult r = Trainer.train(resumed, cfg.withCheckpoint(ck, 0).resuming(), TrainListener.NONE,
        validation(resumed, rule));
    assertEquals(10, r.stepsTaken());
    assertArrayEquals(expected.losses(), r.losses());
    assertArrayEquals(whole.networks().get(0).parameters().get(0).value().data,
        resumed.networks().get(0).parameters().get(0).value().data);

    FlowMatchingObjective again = shiftObjective(3);
    TrainResult none = Trainer.train(again, cfg.withCheckpoint(ck, 0).resuming(), TrainListener.NONE,
        validation(again, rule));
    assertEquals(0, none.stepsTaken());
    assertEquals(expected.stepsTaken(), none.losses().length);
    // a checkpoint of a run without early stopping does not resume one with it
    assertThrows(IllegalArgumentException.class,
        () -> Trainer.train(shiftObjective(3), cfg.withCheckpoint(ck, 0).resuming(), TrainListener.NONE));
  }

  /** The objective's loss on one fixed batch: a validation loss that depends on the weights only. */
  private static EarlyStopping validation(FlowMatchingObjective obj, PlateauRule rule) {
    Tape tape = new Tape();
    return new EarlyStopping(() -> {
      tape.reset();
      return obj.loss(tape, new SplittableRandom(99)).item();
    }, rule);
  }

  @Test
  void sameSeedRepeatsBitForBitAndOtherSeedsDiffer() throws IOException {
    float[] a = Trainer.train(shiftObjective(1), TrainConfig.simple(50, 1e-3, 3), TrainListener.NONE).losses();
    float[] b = Trainer.train(shiftObjective(1), TrainConfig.simple(50, 1e-3, 3), TrainListener.NONE).losses();
    float[] c = Trainer.train(shiftObjective(1), TrainConfig.simple(50, 1e-3, 4), TrainListener.NONE).losses();
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void resumedRunContinuesTheSameLossCurve() throws IOException {
    TrainConfig full = new TrainConfig(60, org.flowmatch4j.nn.AdamConfig.adamW(1e-3, 1e-5), null, 1.0, 0.9, 11, null, 0, false);
    FlowMatchingObjective straight = shiftObjective(2);
    float[] expected = Trainer.train(straight, full, TrainListener.NONE).losses();

    Path ck = dir.resolve("run.ckpt");
    FlowMatchingObjective first = shiftObjective(2);
    Trainer.train(first, full.withSteps(25).withCheckpoint(ck, 10), TrainListener.NONE);
    FlowMatchingObjective resumed = shiftObjective(2);
    int[] seen = new int[2];
    TrainResult r = Trainer.train(resumed, full.withCheckpoint(ck, 10).resuming(), new TrainListener() {
      @Override
      public void onStart(String task, int firstStep, int totalSteps) {
        seen[0] = firstStep;
        seen[1] = totalSteps;
      }
    });
    assertEquals(25, seen[0]);
    assertEquals(60, seen[1]);
    assertEquals(35, r.stepsTaken());
    assertArrayEquals(expected, r.losses());
    assertArrayEquals(straight.networks().get(0).parameters().get(0).value().data,
        resumed.networks().get(0).parameters().get(0).value().data);
  }

  @Test
  void checkpointOfAnotherRunIsRejected() throws IOException {
    Path ck = dir.resolve("other.ckpt");
    Trainer.train(shiftObjective(1), TrainConfig.simple(5, 1e-3, 1).withCheckpoint(ck, 0), TrainListener.NONE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.train(shiftObjective(1), TrainConfig.simple(10, 1e-3, 2).withCheckpoint(ck, 0).resuming(), TrainListener.NONE));
    assertTrue(e.getMessage().contains("train.seed is 1 in the checkpoint, 2 in this run"), e.getMessage());
    FlowMatchingObjective wider = new FlowMatchingObjective("icfm",
        new CoupledPairs(new GaussianSource(1), GaussianMixtureSource.uniform(new Matrix(1, 1, new float[] {3}), 0.5),
            new IndependentCoupling()),
        new GaussianPath(new CondOtScheduler(), NoiseSchedule.constant(0.05)),
        new Mlp(MlpConfig.velocity(1, 16, 2, Activation.SELU, 1)), null, Prediction.VELOCITY, 64);
    e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.train(wider, TrainConfig.simple(10, 1e-3, 1).withCheckpoint(ck, 0).resuming(), TrainListener.NONE));
    assertTrue(e.getMessage().contains("checkpoint of other training data or options (net0.width is 32 in the checkpoint, 16 in this run)"), e.getMessage());
  }

  /** Three snapshots of a drifting 1-D cloud, every value multiplied by {@code scale}. */
  private static MultiMarginalObjective courseObjective(float scale) {
    SplittableRandom rng = new SplittableRandom(4);
    Matrix[] snaps = new Matrix[3];
    for (int k = 0; k < 3; k++) {
      snaps[k] = new Matrix(20, 1);
      for (int i = 0; i < 20; i++) {
        snaps[k].data[i] = scale * (float) (k + 0.3 * rng.nextGaussian());
      }
    }
    return new MultiMarginalObjective("otcfm", snaps, new double[] {0, 1, 2}, new int[] {0, 1, 2},
        Pairing.minibatch(IndependentCoupling::new), new GaussianPath(new CondOtScheduler(), NoiseSchedule.constant(0.1)),
        new Mlp(MlpConfig.velocity(1, 8, 1, Activation.SELU, 1)), 8);
  }

  @Test
  void checkpointOfOtherDataOrOptionsIsRejectedWithEveryDifference() throws IOException {
    Path ck = dir.resolve("course.ckpt");
    Trainer.train(courseObjective(1), TrainConfig.simple(5, 1e-3, 1).withCheckpoint(ck, 0), TrainListener.NONE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.train(courseObjective(10), TrainConfig.simple(10, 1e-2, 1).withCheckpoint(ck, 0).resuming(),
            TrainListener.NONE));
    assertTrue(e.getMessage().contains("checkpoint of other training data or options (training data (data.sha256) is "),
        e.getMessage());
    assertTrue(e.getMessage().contains("; train.lr is 0.001 in the checkpoint, 0.01 in this run); remove it or write elsewhere"), e.getMessage());
    TrainResult same = Trainer.train(courseObjective(1), TrainConfig.simple(10, 1e-3, 1).withCheckpoint(ck, 0).resuming(),
        TrainListener.NONE);
    assertEquals(5, same.stepsTaken(), "the same data and options resume");
  }

  @Test
  void checkpointWithoutTheRunRecordIsRefusedForResumingButStillLoads() throws IOException {
    Path ck = dir.resolve("old.ckpt");
    Trainer.train(courseObjective(1), TrainConfig.simple(5, 1e-3, 1).withCheckpoint(ck, 0), TrainListener.NONE);
    Checkpoint written = Checkpoint.read(ck);
    Checkpoint old = new Checkpoint();
    written.header().forEach((k, v) -> {
      if (!k.startsWith("train.") || k.equals("train.seed") || k.equals("train.step") || k.equals("train.steps")
          || k.equals("train.objective")) {
        if (!k.equals(DataFingerprint.KEY)) {
          old.put(k, v);
        }
      }
    });
    for (String section : written.sections()) {
      written.section(section).forEach((name, m) -> old.putTensor(section, name, m));
    }
    old.write(ck);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.train(courseObjective(1), TrainConfig.simple(10, 1e-3, 1).withCheckpoint(ck, 0).resuming(),
            TrainListener.NONE));
    assertTrue(e.getMessage().contains("written by an earlier version, which did not record its training data"),
        e.getMessage());
    assertEquals(8, Mlp.load(Checkpoint.read(ck), "net0").config().width(), "the network itself still loads");
  }

  @Test
  void withoutResumeAnExistingCheckpointIsReplaced() throws IOException {
    Path ck = dir.resolve("fresh.ckpt");
    Trainer.train(shiftObjective(1), TrainConfig.simple(5, 1e-3, 1).withCheckpoint(ck, 0), TrainListener.NONE);
    TrainResult r = Trainer.train(shiftObjective(1), TrainConfig.simple(8, 1e-3, 2).withCheckpoint(ck, 0), TrainListener.NONE);
    assertEquals(8, r.stepsTaken());
  }

  @Test
  void nonFiniteLossStopsTraining() {
    Mlp net = new Mlp(MlpConfig.velocity(1, 4, 1, Activation.TANH, 1));
    Objective nan = new Objective() {
      private final Matrix x = new Matrix(2, 1, new float[] {Float.NaN, 1});
      private final Matrix t = new Matrix(2, 1);

      @Override
      public List<Mlp> networks() {
        return List.of(net);
      }

      @Override
      public Var loss(Tape tape, RandomGenerator rng) {
        return tape.mse(net.forward(tape, tape.constant(x), tape.constant(t), null), tape.constant(t));
      }

      @Override
      public String name() {
        return "nan";
      }
    };
    int[] ended = new int[1];
    TrainListener endings = new TrainListener() {
      @Override
      public void onEnd() {
        ended[0]++;
      }
    };
    DivergedException e = assertThrows(DivergedException.class,
        () -> Trainer.train(nan, TrainConfig.simple(3, 1e-3, 1), endings));
    assertTrue(e.getMessage().contains("nan: training diverged, the loss became NaN at step 1"), e.getMessage());
    assertEquals(1, e.step());
    assertEquals(1, ended[0], "the listener hears the end, so a progress display can finish its line");
  }
}
