package org.flowmatch4j.tasks.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.nn.ConditionInjection;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.TrainListener;
import org.flowmatch4j.train.NetworkSpec;
import org.flowmatch4j.train.OptimSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A tiny perturbation screen: four contexts (Gaussian blobs in 16 genes), each perturbed by a shift
 * that depends on the context. The held-out context's prediction must beat the identity baseline.
 */
class SyntheticPerturbationTest {
  static final int GENES = 16;
  static final String[] CONTEXTS = {"A", "B", "C", "D"};

  /** 60 control and 60 stimulated cells per context; stimulated = control blob + d0 + 0.5 (mu_k - mean mu), blobs overlapping. */
  static PerturbationData screen(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int k = CONTEXTS.length;
    double[][] mu = new double[k][GENES];
    double[] mbar = new double[GENES];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < GENES; j++) {
        mu[c][j] = 0.8 * r.nextGaussian();
        mbar[j] += mu[c][j] / k;
      }
    }
    int per = 60;
    int n = k * 2 * per;
    Matrix x = new Matrix(n, GENES);
    String[] cond = new String[n];
    String[] ctx = new String[n];
    String[] names = new String[n];
    int i = 0;
    for (int c = 0; c < k; c++) {
      for (int s = 0; s < 2 * per; s++, i++) {
        boolean stim = s >= per;
        for (int j = 0; j < GENES; j++) {
          double shift = stim ? (j < 4 ? 2 : 0) + 0.5 * (mu[c][j] - mbar[j]) : 0;
          x.data[i * GENES + j] = (float) (mu[c][j] + shift + 0.4 * r.nextGaussian());
        }
        cond[i] = stim ? "stim" : "control";
        ctx[i] = CONTEXTS[c];
        names[i] = "cell" + i;
      }
    }
    String[] genes = new String[GENES];
    for (int j = 0; j < GENES; j++) {
      genes[j] = "g" + j;
    }
    return new PerturbationData(DenseMatrix.of(x), names, genes, cond, ctx, null, "control", "condition", "cell_type");
  }

  static PerturbationConfig small(int steps) {
    return new PerturbationConfig(Matcher.OTCFM, 0.1, null, new NetworkSpec(64, 2, Activation.SILU), 0, new OptimSpec(steps, 64, 1e-3, 1e-5, 0, 0), 0.1, 1.0, 1, SolverSpec.fixed(SolverKind.EULER, 20), ContextRepresentation.NONE, Decoding.RESIDUAL);
  }

  @Test
  void beatsIdentityOnAHeldOutContext() throws IOException {
    PerturbationData data = screen(11);
    PerturbationResult r = PerturbationEvaluation.run(data, List.of(new Holdout("D", "stim")), EmbeddingSpec.pca(8),
        ConditionSpec.oneHot(), small(500), new long[] {1}, 4, TrainListener.NONE, line -> {});
    assertEquals(1, r.groups().size());
    GroupResult g = r.groups().get(0);
    Scores identity = g.baselines().get(Baseline.IDENTITY);
    double model = g.modelMean(Space.GENES, Metric.R2);
    assertTrue(model > 0.9 && model > identity.get(Space.GENES, Metric.R2) + 0.05,
        "model R2 " + model + " vs identity " + identity.get(Space.GENES, Metric.R2));
    for (Metric m : new Metric[] {Metric.E_DISTANCE, Metric.ENERGY, Metric.MMD}) {
      assertTrue(m.better(g.modelMean(Space.GENES, m), identity.get(Space.GENES, m)), m.key);
    }
    // The top genes of the shift are the four shifted genes.
    for (int j : g.deg()) {
      assertTrue(j < 4, "DEG " + j);
    }
    // One prediction per control cell, decoded to every gene, each tied to its source cell.
    assertEquals(60, g.prediction().genes().rows);
    assertEquals(GENES, g.prediction().genes().cols);
    for (int s : g.prediction().source()) {
      assertEquals("D", data.context(s));
      assertEquals("control", data.condition(s));
    }
    assertEquals(500, r.firstLosses().length);
  }

  @ParameterizedTest
  @EnumSource(value = ConditionInjection.class, names = {"FILM", "CONCAT_AND_FILM"})
  void filmConditioningAlsoLearnsTheHeldOutResponse(ConditionInjection injection) throws IOException {
    PerturbationData data = screen(11);
    PerturbationConfig cfg = small(500).withConditioning(injection);
    GroupResult g = PerturbationEvaluation.run(data, List.of(new Holdout("D", "stim")), EmbeddingSpec.pca(8),
        ConditionSpec.oneHot(), cfg, new long[] {1}, 4, TrainListener.NONE, line -> {}).groups().get(0);
    double identity = g.baselines().get(Baseline.IDENTITY).get(Space.GENES, Metric.R2);
    double model = g.modelMean(Space.GENES, Metric.R2);
    assertTrue(model > 0.9 && model > identity + 0.05, injection + ": model R2 " + model + " vs identity " + identity);
  }

  @Test
  void sameSeedSameResult() throws IOException {
    PerturbationData data = screen(5);
    PerturbationConfig cfg = small(30);
    double[] a = run(data, cfg);
    double[] b = run(data, cfg);
    assertEquals(a[0], b[0], 0.0);
    assertEquals(a[1], b[1], 0.0);
  }

  private static double[] run(PerturbationData data, PerturbationConfig cfg) throws IOException {
    GroupResult g = PerturbationEvaluation.run(data, List.of(new Holdout("D", "stim")), EmbeddingSpec.pca(4),
        ConditionSpec.oneHot(), cfg, new long[] {3}, 4, TrainListener.NONE, line -> {}).groups().get(0);
    return new double[] {g.modelMean(Space.GENES, Metric.R2), g.modelMean(Space.EMBEDDING, Metric.ENERGY)};
  }

  @Test
  void badHoldoutsAreNamed() {
    PerturbationData data = screen(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> data.resolve(new Holdout("Z", "stim")));
    assertTrue(e.getMessage().contains("holdout-context 'Z'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> data.resolve(new Holdout("A", "nope")));
    assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> data.resolve(new Holdout("A", "control")));
    assertTrue(e.getMessage().contains("control label"), e.getMessage());
  }
}
