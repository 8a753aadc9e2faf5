package org.flowmatch4j.tasks.toy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.likelihood.DivergenceEstimator;
import org.flowmatch4j.fm.likelihood.Likelihood;
import org.flowmatch4j.fm.likelihood.LikelihoodConfig;
import org.flowmatch4j.fm.likelihood.LikelihoodResult;
import org.flowmatch4j.fm.likelihood.ProbeDistribution;
import org.flowmatch4j.fm.metric.MetricKind;
import org.flowmatch4j.fm.metric.MetricSpec;
import org.flowmatch4j.fm.path.Prediction;
import org.flowmatch4j.fm.solver.FixedStepMethod;
import org.flowmatch4j.fm.solver.FixedStepSolver;
import org.flowmatch4j.fm.solver.OdeSolution;
import org.flowmatch4j.fm.solver.SamplerKind;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.fm.source.Density;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.TrainListener;
import org.flowmatch4j.train.NetworkSpec;
import org.flowmatch4j.train.OptimSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class ToyModelTest {
  @TempDir Path dir;

  private static final SolverSpec EULER_10 = SolverSpec.fixed(SolverKind.EULER, 10);

  private static ToyConfig config(Matcher m, Prediction p, SamplerKind sampler, int steps) {
    return new ToyConfig(ToyDistribution.GAUSSIAN, ToyDistribution.MOONS, m, m.defaultSigma(), p, new NetworkSpec(64, 3, Activation.SELU), new OptimSpec(steps, 256, 1e-3, 0, 0, 0), null, EULER_10, sampler, 100, 0, 0, 1000, 3);
  }

  private static ToyResult train(Matcher m, Prediction p, int steps) throws IOException {
    return ToyBenchmark.run(config(m, p, SamplerKind.ODE, steps), new TrainListener() {});
  }

  /** Mean distance from the origin of the learned paths' midpoints between rows of x0 and x1. */
  private static double midpointRadius(ToyResult r, Matrix x0, Matrix x1) {
    double sum = 0;
    for (Matrix p : r.geodesic().paths(x0, x1, 3)) {
      sum += Math.hypot(p.get(1, 0), p.get(1, 1)) / x0.rows;
    }
    return sum;
  }

  /**
   * OT-MFM on the arch: stage 1 halves the metric energy of the paths and moves their midpoints
   * from the inside of the half circle (the straight midpoints lie at radius below 0.5) to less than
   * half their distance from it; the
   * checkpoint keeps phi, so the read model has the same path.
   */
  @Test
  void otMfmOnTheArchBendsItsPathsTowardsTheHalfCircleAndKeepsThemInItsCheckpoint() throws IOException {
    ToyConfig cfg = new ToyConfig(ToyDistribution.ARCH_START, ToyDistribution.ARCH_END, Matcher.OTMFM, 0.1, Prediction.VELOCITY, new NetworkSpec(32, 2, Activation.SELU), new OptimSpec(10, 64, 1e-2, 0, 0, 0), null, EULER_10, SamplerKind.ODE, 100, 0, 0, 1000, 3).withMetric(MetricSpec.defaults(MetricKind.LAND), 60);
    ToyResult r = ToyBenchmark.run(cfg, new TrainListener() {});
    assertEquals(60, r.geodesic().stage1().stepsTaken());
    assertTrue(r.geodesic().learned().energy() < 0.5 * r.geodesic().straight().energy(),
        r.geodesic().learned() + " vs " + r.geodesic().straight());
    SplittableRandom rng = new SplittableRandom(9);
    Matrix x0 = ToyDistribution.ARCH_START.sample(rng, 50);
    Matrix x1 = ToyDistribution.ARCH_END.sample(rng, 50);
    double straight = 0;
    for (int i = 0; i < 50; i++) {
      straight += Math.hypot(0.5 * (x0.get(i, 0) + x1.get(i, 0)), 0.5 * (x0.get(i, 1) + x1.get(i, 1))) / 50;
    }
    double learned = midpointRadius(r, x0, x1);
    assertTrue(straight < 0.5 && Math.abs(learned - 1) < 0.5 * Math.abs(straight - 1),
        "midpoint radius " + straight + " -> " + learned);
    Path f = dir.resolve("mfm.ckpt");
    r.model().save(f, Map.of());
    ToyModel back = ToyModel.read(f);
    Matrix t = new Matrix(50, 2);
    Matrix u = new Matrix(50, 2);
    Matrix t2 = new Matrix(50, 2);
    Matrix u2 = new Matrix(50, 2);
    float[] half = new float[50];
    java.util.Arrays.fill(half, 0.5f);
    Matrix noEps = new Matrix(50, 2);
    r.model().path().sample(x0, x1, half, noEps, t, u);
    back.path().sample(x0, x1, half, noEps, t2, u2);
    assertArrayEquals(t.data, t2.data, 0);
    assertArrayEquals(u.data, u2.data, 0);
  }

  @Test
  void checkpointRoundTripKeepsTheField() throws IOException {
    Mlp net = new Mlp(MlpConfig.velocity(2, 16, 2, Activation.SELU, 1));
    ToyModel model = new ToyModel(net, null, Matcher.VP, 0, Prediction.EPSILON, ToyDistribution.GAUSSIAN);
    Path f = dir.resolve("model.ckpt");
    model.save(f, Map.of("toy.target", "moons"));
    ToyModel back = ToyModel.read(f);
    assertEquals(Matcher.VP, back.matcher());
    assertEquals(Prediction.EPSILON, back.prediction());
    assertEquals(ToyDistribution.GAUSSIAN, back.source());
    assertNull(back.score());
    assertEquals(model.tEnd(), back.tEnd());
    Matrix x = ToyDistribution.GAUSSIAN.sample(new SplittableRandom(1), 5);
    Matrix a = new Matrix(5, 2);
    Matrix b = new Matrix(5, 2);
    model.field().eval(x, 0.4, a);
    back.field().eval(x, 0.4, b);
    assertArrayEquals(a.data, b.data);
    assertEquals("moons", Checkpoint.read(f).get("toy.target"));
  }

  @Test
  void readingAnotherCheckpointNamesTheKey() throws IOException {
    Checkpoint ck = new Checkpoint();
    ck.put("something", "else");
    Path f = dir.resolve("other.ckpt");
    ck.write(f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ToyModel.read(f));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("flow.task"), e.getMessage());
  }

  @Test
  void configRejectsImpossibleCombinations() {
    assertMessage("needs the diffusion path", () -> config(Matcher.OTCFM, Prediction.EPSILON, SamplerKind.ODE, 5));
    assertMessage("prediction score", () -> config(Matcher.VP, Prediction.SCORE, SamplerKind.ODE, 5));
    assertMessage("sampler sde needs", () -> config(Matcher.OTCFM, Prediction.VELOCITY, SamplerKind.SDE, 5));
    assertMessage("sampler ddim needs", () -> config(Matcher.ICFM, Prediction.VELOCITY, SamplerKind.DDIM, 5));
    assertMessage("sampler ddim needs", () -> new ToyConfig(ToyDistribution.EIGHT_GAUSSIANS, ToyDistribution.MOONS, Matcher.RF, 0, Prediction.VELOCITY, new NetworkSpec(8, 1, Activation.SELU), new OptimSpec(5, 8, 1e-3, 0, 0, 0), null, EULER_10, SamplerKind.DDIM, 10, 0, 0, 1, 1));
    assertMessage("(solver euler), got solver rk4", () -> new ToyConfig(ToyDistribution.GAUSSIAN, ToyDistribution.MOONS, Matcher.VP, 0, Prediction.EPSILON, new NetworkSpec(8, 1, Activation.SELU), new OptimSpec(5, 8, 1e-3, 0, 0, 0), null, SolverSpec.fixed(SolverKind.RK4, 8), SamplerKind.SDE, 10, 0, 0, 1, 1));
  }

  private static void assertMessage(String part, Executable e) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    assertTrue(ex.getMessage().contains(part), ex.getMessage());
  }

  /**
   * Noise prediction on the VP path, sampled by the ODE, the reverse SDE and DDIM: every sampler
   * spends its NFE, and DDIM with many steps converges to the probability-flow ODE of the same
   * network (it discretises that ODE), whatever the quality of the network.
   */
  @Test
  void diffusionByNoisePredictionSamplesWithEverySampler() throws IOException {
    ToyResult r = train(Matcher.VP, Prediction.EPSILON, 300);
    ToyModel m = r.model();
    assertEquals(Prediction.EPSILON, m.prediction());
    assertEquals(1 - 1e-4, m.tEnd(), 1e-12);
    Matrix x0 = ToyDistribution.GAUSSIAN.sample(new SplittableRandom(2), 200);
    for (SamplerKind k : SamplerKind.values()) {
      OdeSolution s = m.sample(x0, k, SolverSpec.fixed(SolverKind.EULER, 20), new SplittableRandom(3), null);
      assertEquals(20, s.nfe(), k.name());
      for (float v : s.x().data) {
        assertTrue(Float.isFinite(v), k.name());
      }
    }
    Matrix ode = m.sample(x0, SamplerKind.ODE, SolverSpec.adaptive(1e-6), null, null).x();
    double previous = Double.POSITIVE_INFINITY;
    for (int steps : new int[] {50, 200, 800}) {
      Matrix ddim = m.sample(x0, SamplerKind.DDIM, SolverSpec.fixed(SolverKind.EULER, steps), null, null).x();
      double err = 0;
      double norm = 0;
      for (int k = 0; k < ode.data.length; k++) {
        err += Math.pow(ddim.data[k] - ode.data[k], 2);
        norm += Math.pow(ode.data[k], 2);
      }
      err = Math.sqrt(err / norm);
      assertTrue(err < previous / 2, "DDIM with " + steps + " steps: relative distance to the ODE " + err);
      previous = err;
    }
    assertTrue(previous < 0.02, "DDIM with 800 steps: relative distance to the ODE " + previous);
    List<ToyBenchmark.Sampling> sweep = ToyBenchmark.sweepSamplers(m, List.of(1, 2, 4), 1e-3);
    assertEquals(3 + 2 + 2 + 1 + 1 + 3 + 3, sweep.size());
    assertEquals("ddim", sweep.get(sweep.size() - 1).name());
    assertEquals("sde", sweep.get(sweep.size() - 4).name());
  }

  @Test
  void flowMatchingSweepHasNoDiffusionSamplers() {
    ToyModel m = new ToyModel(new Mlp(MlpConfig.velocity(2, 8, 1, Activation.SELU, 1)), null, Matcher.OTCFM, 0.1,
        Prediction.VELOCITY, ToyDistribution.EIGHT_GAUSSIANS);
    List<ToyBenchmark.Sampling> sweep = ToyBenchmark.sweepSamplers(m, List.of(1, 2, 4), 1e-3);
    assertTrue(sweep.stream().allMatch(s -> s.sampler() == SamplerKind.ODE));
    assertEquals("dopri5", sweep.get(sweep.size() - 1).name());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ToyBenchmark.sweepSamplers(m, List.of(0), 1e-3));
    assertTrue(e.getMessage().contains("nfe-sweep values must be >= 1, got 0"), e.getMessage());
  }

  /**
   * A trained 2-D flow: the exact and the Hutchinson log-likelihoods agree within the probe
   * standard error, and the flow explains held-out target points better than its source does.
   */
  @Test
  void trainedFlowExactAndHutchinsonLikelihoodsAgree() throws IOException {
    ToyModel m = train(Matcher.OTCFM, Prediction.VELOCITY, 400).model();
    Matrix x = ToyDistribution.MOONS.sample(new SplittableRandom(9), 300);
    Density p0 = m.source().density().orElseThrow();
    FixedStepSolver rk4 = new FixedStepSolver(FixedStepMethod.RK4, 16);
    LikelihoodResult exact = Likelihood.evaluate(m.field(), p0, x, LikelihoodConfig.of(rk4, DivergenceEstimator.exact()));
    for (ProbeDistribution probe : ProbeDistribution.values()) {
      LikelihoodResult h = Likelihood.evaluate(m.field(), p0, x,
          LikelihoodConfig.of(rk4, DivergenceEstimator.hutchinson(probe, 16, 5)));
      double se = h.probeStandardErrorOfMean();
      double diff = h.mean() - exact.mean();
      assertTrue(se > 0 && Math.abs(diff) < 4 * se, probe + ": difference " + diff + ", s.e. " + se);
      int within = 0;
      for (int i = 0; i < x.rows; i++) {
        if (Math.abs(h.logLikelihood()[i] - exact.logLikelihood()[i]) <= 3 * h.standardError()[i] + 1e-6) {
          within++;
        }
      }
      assertTrue(within >= 0.9 * x.rows, probe + ": " + within + " of " + x.rows + " within 3 standard errors");
    }
    double[] base = new double[x.rows];
    p0.logDensity(x, base);
    double baseMean = 0;
    for (double b : base) {
      baseMean += b / x.rows;
    }
    assertTrue(exact.mean() > baseMean + 1, "flow " + exact.mean() + " vs source density " + baseMean);
  }
}
