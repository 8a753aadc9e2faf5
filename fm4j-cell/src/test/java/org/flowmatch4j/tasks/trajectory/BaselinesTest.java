package org.flowmatch4j.tasks.trajectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Csv;
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

  @Test
  void endPointsAreNotInterior() {
    TimeCourse tc = new TimeCourse(new double[] {0, 1, 2},
        new Matrix[] {new Matrix(2, 1, new float[] {0, 1}), new Matrix(1, 1), new Matrix(1, 1)});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Baselines.noMotion(tc, 2));
    assertEquals("held-out time point must be interior (1..1), got 2", e.getMessage());
  }
}
