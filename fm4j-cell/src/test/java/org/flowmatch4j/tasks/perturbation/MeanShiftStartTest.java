package org.flowmatch4j.tasks.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.TrainListener;
import org.junit.jupiter.api.Test;

/**
 * {@link Start#MEAN_SHIFT} and {@link Start#NEAREST_SHIFT}: a training context's flow starts from
 * its control cells moved by the shift averaged (with equal or {@link ContextKernel} weights) over
 * the other contexts (never its own), and a model starting there still learns
 * the held-out response of the synthetic screen (as {@link SyntheticPerturbationTest} asks of the
 * control start).
 */
class MeanShiftStartTest {

  @Test
  void aContextStartsFromTheShiftOfTheOtherContexts() {
    PerturbationData data = SyntheticPerturbationTest.screen(7);
    Matrix z = data.x().selectRows(range(data.cells())).toDense();
    List<Group> training = data.groups();
    Group a = training.get(0);
    assertEquals("A", a.context());
    Matrix x0 = z.rows(data.controls().get("A"));
    List<String> notes = new ArrayList<>();
    Matrix start = PerturbationEvaluation.startOf(a, x0, Start.MEAN_SHIFT, data, z, training, "+", notes);
    double[] shift = new double[z.cols];
    for (String other : new String[] {"B", "C", "D"}) {
      Group g = training.stream().filter(h -> h.context().equals(other)).findFirst().orElseThrow();
      double[] stim = PerturbationMetrics.means(z.rows(g.cells()));
      double[] ctrl = PerturbationMetrics.means(z.rows(data.controls().get(other)));
      for (int j = 0; j < z.cols; j++) {
        shift[j] += (stim[j] - ctrl[j]) / 3;
      }
    }
    for (int i = 0; i < x0.rows; i++) {
      for (int j = 0; j < z.cols; j++) {
        assertEquals(x0.get(i, j) + shift[j], start.get(i, j), 1e-5, "cell " + i + ", column " + j);
      }
    }
    assertTrue(notes.isEmpty(), notes.toString());
    assertSame(x0, PerturbationEvaluation.startOf(a, x0, Start.CONTROL, data, z, training, "+", notes));
  }

  @Test
  void theNearestShiftWeightsTheOtherContextsByTheKernelFittedOnAllOfThem() {
    PerturbationData data = SyntheticPerturbationTest.screen(7);
    Matrix z = data.x().selectRows(range(data.cells())).toDense();
    List<Group> training = data.groups();
    String[] contexts = {"A", "B", "C", "D"};
    double[][] means = new double[4][];
    double[][] shifts = new double[4][];
    for (int c = 0; c < 4; c++) {
      String ctx = contexts[c];
      Group g = training.stream().filter(h -> h.context().equals(ctx)).findFirst().orElseThrow();
      means[c] = PerturbationMetrics.means(z.rows(data.controls().get(ctx)));
      double[] stim = PerturbationMetrics.means(z.rows(g.cells()));
      shifts[c] = new double[z.cols];
      for (int j = 0; j < z.cols; j++) {
        shifts[c][j] = stim[j] - means[c][j];
      }
    }
    ContextKernel kernel = ContextKernel.fit(means, shifts);
    assertTrue(Double.isFinite(kernel.bandwidth()), "this screen's shifts depend on the context: " + kernel);
    double[] w = kernel.weights(means[0], new double[][] {means[1], means[2], means[3]});
    Matrix x0 = z.rows(data.controls().get("A"));
    List<String> notes = new ArrayList<>();
    Matrix start = PerturbationEvaluation.startOf(training.get(0), x0, Start.NEAREST_SHIFT, data, z, training, "+",
        notes);
    for (int i = 0; i < x0.rows; i++) {
      for (int j = 0; j < z.cols; j++) {
        double shift = w[0] * shifts[1][j] + w[1] * shifts[2][j] + w[2] * shifts[3][j];
        assertEquals(x0.get(i, j) + shift, start.get(i, j), 1e-5, "cell " + i + ", column " + j);
      }
    }
    assertTrue(notes.isEmpty(), notes.toString());
    MeanShift nearest = MeanShift.nearest(training.get(0), training, data, z, "+");
    assertTrue(nearest.how().contains("bandwidth"), nearest.how());
  }

  @Test
  void aConditionMeasuredInNoOtherContextStartsFromTheControlsWithANote() {
    PerturbationData data = SyntheticPerturbationTest.screen(7);
    Matrix z = data.x().selectRows(range(data.cells())).toDense();
    Group a = data.groups().get(0);
    List<String> notes = new ArrayList<>();
    Matrix x0 = z.rows(data.controls().get("A"));
    assertSame(x0, PerturbationEvaluation.startOf(a, x0, Start.MEAN_SHIFT, data, z, List.of(a), "+", notes));
    assertEquals(1, notes.size());
    assertTrue(notes.get(0).contains("starts from its control cells"), notes.get(0));
  }

  @Test
  void learnsTheHeldOutResponseFromTheShiftedStart() throws IOException {
    PerturbationData data = SyntheticPerturbationTest.screen(11);
    PerturbationConfig cfg = SyntheticPerturbationTest.small(500).withStart(Start.MEAN_SHIFT);
    GroupResult g = PerturbationEvaluation.run(data, List.of(new Holdout("D", "stim")), EmbeddingSpec.pca(8),
        ConditionSpec.oneHot(), cfg, new long[] {1}, 4, TrainListener.NONE, line -> {}).groups().get(0);
    double model = g.modelMean(Space.GENES, Metric.R2);
    double identity = g.baselines().get(Baseline.IDENTITY).get(Space.GENES, Metric.R2);
    assertTrue(model > 0.9 && model > identity + 0.05, "model R2 " + model + " vs identity " + identity);
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }
}
