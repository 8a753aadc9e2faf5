package org.flowmatch4j.tasks.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.testing.SharedData;
import org.flowmatch4j.train.TrainListener;
import org.junit.jupiter.api.Test;

/**
 * Kang et al. IFN-beta PBMCs (scGen validation split), CD4T stimulated held out, a short run: the
 * baselines must come out at the published values and the model well above identity (400 steps
 * and no weight average, which would still lag behind the weights after so few steps).
 */
class KangPerturbationTest {

  @Test
  void cd4tHeldOut() throws IOException {
    Path file = SharedData.require("kang_valid.h5ad");
    AnnData a = H5ad.read(file);
    PerturbationData data = PerturbationData.of(a, "condition", "control", "cell_type", null);
    PerturbationResult r = PerturbationEvaluation.run(data, List.of(new Holdout("CD4T", "stimulated")),
        EmbeddingSpec.pca(50), ConditionSpec.oneHot(), PerturbationConfig.defaults().withSteps(400).withEmaDecay(0), new long[] {1},
        100, TrainListener.NONE, line -> {});
    GroupResult g = r.groups().get(0);
    assertEquals(278, g.controls().length);
    assertEquals(356, g.group().cells().length);
    Scores identity = g.baselines().get(Baseline.IDENTITY);
    // The identity baseline as the data README gives it: 0.859 / 0.649.
    assertEquals(0.859, identity.get(Space.GENES, Metric.R2), 0.002);
    assertEquals(0.649, identity.get(Space.DEG, Metric.R2), 0.002);
    assertEquals(0.986, g.ceiling().get(Space.GENES, Metric.R2), 0.01);
    double all = g.modelMean(Space.GENES, Metric.R2);
    double deg = g.modelMean(Space.DEG, Metric.R2);
    assertTrue(all > 0.92, "r2_all " + all);
    assertTrue(deg > 0.85, "r2_deg " + deg);
    // Valid expression: no negative value, and the per-gene zero fraction close to the real one
    // (the raw linear decoding is off by about 0.9 on these 95%-zero data).
    assertEquals(0.0, g.modelMean(Space.GENES, Metric.NEGATIVE_FRACTION));
    double zeros = g.modelMean(Space.GENES, Metric.ZERO_FRACTION_ERROR);
    assertTrue(zeros < 0.1, "zero-fraction error " + zeros);
  }
}
