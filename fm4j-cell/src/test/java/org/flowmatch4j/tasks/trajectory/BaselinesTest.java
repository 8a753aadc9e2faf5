package org.flowmatch4j.tasks.trajectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Csv;
import org.flowmatch4j.fm.path.GeodesicPath;
import org.flowmatch4j.metrics.Wasserstein;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.testing.SharedData;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The baselines reproduce the reference script's figures (baselines.py, POT) on the shared data. */
class BaselinesTest {
  static TimeCourse load(String file) throws IOException {
    AnnData a = Csv.read(SharedData.require(file)).toAnnData("samples");
    return TimeCourse.group(a.x().toDense(), a.obsTime("samples"));
  }

  @ParameterizedTest
  @CsvSource({
    "mouse_hematopoiesis.csv, 1, 1.054, 0.393",
    "dygen.csv, 1, 1.415, 0.580",
    "dygen.csv, 2, 1.574, 1.353",
    "dygen.csv, 3, 2.825, 2.412"
  })
  void baselinesMatchTheReference(String file, int k, double noMotion, double otInterp) throws IOException {
    TimeCourse tc = load(file);
    assertEquals(noMotion, Baselines.noMotion(tc, k), 6e-4);
    assertEquals(otInterp, Baselines.otInterpolation(tc, k), 6e-4);
  }

  /**
   * The learned-path interpolation is the OT interpolation for phi = 0 and, for a constant phi = c,
   * the OT interpolation's points shifted by gamma(f) c (here f = 1/2, gamma = 1/2), scored by W1.
   */
  @Test
  void geodesicInterpolationBendsTheOtInterpolation() {
    TimeCourse tc = new TimeCourse(new double[] {0, 1, 2}, new Matrix[] {
        new Matrix(3, 2, new float[] {0, 0, 1, 0, 0, 1}),
        new Matrix(2, 2, new float[] {0.5f, 1, 1, 1.5f}),
        new Matrix(3, 2, new float[] {2, 2, 3, 2, 2, 3})});
    Mlp phi = GeodesicPath.newPhi(2, 8, 2, Activation.SELU, 3);
    assertEquals(Baselines.otInterpolation(tc, 1), Baselines.geodesicInterpolation(tc, 1, phi), 1e-6);
    int last = phi.layers() - 1;
    phi.bias(last).value().data[0] = 0.4f;
    phi.bias(last).value().data[1] = -0.2f;
    // the OT plan pairs row i with row i (a shift by (2, 2)): midpoints (1, 1), (2, 1), (1, 2), moved by (0.2, -0.1)
    Matrix z = new Matrix(3, 2, new float[] {1.2f, 0.9f, 2.2f, 0.9f, 1.2f, 1.9f});
    double expected = Wasserstein.weightedW1(z, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, tc.snapshot(1));
    assertEquals(expected, Baselines.geodesicInterpolation(tc, 1, phi), 1e-6);
  }

  @Test
  void endPointsAreNotInterior() {
    TimeCourse tc = new TimeCourse(new double[] {0, 1, 2},
        new Matrix[] {new Matrix(2, 1, new float[] {0, 1}), new Matrix(1, 1), new Matrix(1, 1)});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Baselines.noMotion(tc, 2));
    assertEquals("held-out time point must be interior (1..1), got 2", e.getMessage());
  }
}
