package org.flowmatch4j.tasks.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class FeatureScalingTest {
  // 4 spots x 2 features: column 0 (1, 2, 3, 6) has mean 3 and population sd sqrt(3.5); column 1 is constant
  private static final Matrix SECTION = new Matrix(4, 2, new float[] {1, 5, 2, 5, 3, 5, 6, 5});

  @Test
  void perSectionIsTheSectionsOwnZScore() {
    Matrix z = FeatureScaling.PER_SECTION.apply(SECTION);
    double sd = Math.sqrt(3.5);
    double[] expected = {-2 / sd, -1 / sd, 0, 3 / sd};
    for (int i = 0; i < 4; i++) {
      assertEquals(expected[i], z.get(i, 0), 1e-6);
      assertEquals(0, z.get(i, 1), 0);
    }
  }

  @Test
  void pooledLeavesTheFeaturesAsComputed() {
    Matrix z = FeatureScaling.POOLED.apply(SECTION);
    assertArrayEquals(SECTION.data, z.data, 0);
  }

  @Test
  void perSectionScalingRemovesAnAffineStainShiftOfTheHeldOutSection() {
    // a training section and a held-out one whose features are those of the first stained darker
    // (every column scaled and shifted): per section both map to the same z-scores, so a ridge
    // predicts the held-out section exactly as it fits the training one; pooled it does not
    Matrix x = new Matrix(5, 2, new float[] {0, 1, 1, 3, 2, 2, 3, 7, 4, 4});
    Matrix y = new Matrix(5, 1, new float[] {1, 2, 2, 5, 3});
    Matrix shifted = new Matrix(5, 2);
    for (int i = 0; i < 5; i++) {
      shifted.data[2 * i] = 2 * x.data[2 * i] + 5;
      shifted.data[2 * i + 1] = 0.5f * x.data[2 * i + 1] - 1;
    }
    Matrix fit = Ridge.fitPredict(FeatureScaling.PER_SECTION.apply(x), y, FeatureScaling.PER_SECTION.apply(x), 0.1);
    Matrix perSection = Ridge.fitPredict(FeatureScaling.PER_SECTION.apply(x), y, FeatureScaling.PER_SECTION.apply(shifted), 0.1);
    assertArrayEquals(fit.data, perSection.data, 1e-5f);
    Matrix pooled = Ridge.fitPredict(FeatureScaling.POOLED.apply(x), y, FeatureScaling.POOLED.apply(shifted), 0.1);
    double diff = 0;
    for (int i = 0; i < 5; i++) {
      diff = Math.max(diff, Math.abs(pooled.data[i] - fit.data[i]));
    }
    assertTrue(diff > 0.5, "pooled scaling should see the stain shift, max difference " + diff);
  }
}
