package org.flowmatch4j.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.NdArray;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.preprocess.Pca;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * moscot's reference transport maps ({@code uns/tmap_*} of moscot's own test file) reproduced
 * with the recipe documented in {@link MoscotTemporal}: a 50-component PCA of X over the cells of
 * the two time points, squared Euclidean cost divided by its mean, eps = uns/eps (absolute),
 * uniform marginals relaxed by uns/tau_a and uns/tau_b, ott-jax's default stopping.
 */
class MoscotTemporalReferenceTest {

  @ParameterizedTest
  @CsvSource({"10, 10.5, tmap_10_105", "10.5, 11, tmap_105_11", "10, 11, tmap_10_11"})
  void reproducesTheReferenceMap(double early, double late, String key) {
    Path file = SharedData.require("moscot_temporal_tests.h5ad");
    AnnData all = H5ad.read(file);
    double[] day = all.obsTime("day");
    boolean[] pair = new boolean[day.length];
    for (int i = 0; i < day.length; i++) {
      pair[i] = day[i] == early || day[i] == late;
    }
    int[] cells = AnnData.where(pair);
    AnnData sub = all.selectObs(cells);
    Matrix scores = Pca.fit(sub.requireX(), MoscotTemporal.LOCAL_PCA_COMPONENTS,
        Pca.Solver.EXACT, 0).scores();
    int[] rowsEarly = rowsAt(day, cells, early);
    int[] rowsLate = rowsAt(day, cells, late);
    double eps = (Double) all.uns().get("eps");
    double tauA = (Double) all.uns().get("tau_a");
    double tauB = (Double) all.uns().get("tau_b");
    SinkhornResult r = MoscotTemporal.transportMap(new Sinkhorn(), scores.rows(rowsEarly),
        scores.rows(rowsLate), eps, tauA, tauB);
    NdArray ref = (NdArray) all.uns().get(key);
    double[] expected = ref.asDoubles();
    assertEquals(rowsEarly.length, ref.shape()[0]);
    assertEquals(rowsLate.length, ref.shape()[1]);
    double[] plan = r.plan();
    double maxRel = 0;
    for (int k = 0; k < expected.length; k++) {
      maxRel = Math.max(maxRel, Math.abs(plan[k] - expected[k]) / expected[k]);
    }
    // measured with this reader and PCA: 4.4e-5 (tmap_10_105), 2.7e-6, 3.5e-6
    assertTrue(maxRel < 1e-4, key + ": max relative difference " + maxRel);
    assertEquals(20, r.iterations(), key);
  }

  /** Positions, within the selected cells, of the cells of one day (file order). */
  private static int[] rowsAt(double[] day, int[] cells, double value) {
    int n = 0;
    for (int c : cells) {
      if (day[c] == value) {
        n++;
      }
    }
    int[] out = new int[n];
    n = 0;
    for (int k = 0; k < cells.length; k++) {
      if (day[cells[k]] == value) {
        out[n++] = k;
      }
    }
    return out;
  }
}
