package org.flowmatch4j.tasks.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shapes and values of condition vectors: one-hot, combinations, dose, context, user vectors. */
class ConditionEncoderTest {

  @Test
  void oneHotWithCombinationsDoseAndContext() {
    PerturbationVectors v = PerturbationVectors.oneHot(List.of("TNF", "IFNB", "IL6"));
    ConditionEncoder e = new ConditionEncoder(v, "+", "ctrl", DoseScale.LOG1P, 2);
    assertEquals(3 + 1 + 2, e.dim());
    // Sorted vocabulary: IFNB, IL6, TNF.
    assertArrayEquals(new float[] {1, 0, 0, (float) Math.log1p(9), 0.5f, -1},
        e.encode("IFNB", 9, new float[] {0.5f, -1}), 1e-7f);
    // A combination is the mean of its parts; the control part and repeats are dropped.
    assertArrayEquals(new float[] {0.5f, 0, 0.5f, 0, 0, 0}, e.encode("TNF+IFNB", 0, new float[2]), 1e-7f);
    assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0}, e.encode("IL6+ctrl+IL6", 0, new float[2]), 1e-7f);
    assertEquals(List.of("TNF", "IFNB"), e.components("TNF + IFNB"));
  }

  @Test
  void plainOneHotHasNoExtraEntries() {
    ConditionEncoder e = new ConditionEncoder(PerturbationVectors.oneHot(List.of("stimulated")), "+", "control",
        null, 0);
    assertEquals(1, e.dim());
    assertArrayEquals(new float[] {1}, e.encode("stimulated", Double.NaN, null));
  }

  @Test
  void userVectorsGiveUnseenPerturbationsAVector() {
    Map<String, float[]> table = new LinkedHashMap<>();
    table.put("drugA", new float[] {1, 2});
    table.put("drugB", new float[] {3, -2});
    ConditionEncoder e = new ConditionEncoder(PerturbationVectors.of(table, "test"), "+", "control", null, 0);
    assertEquals(2, e.dim());
    assertArrayEquals(new float[] {2, 0}, e.encode("drugA+drugB", Double.NaN, null), 1e-7f);
  }

  @Test
  void badInputIsNamed() {
    ConditionEncoder e = new ConditionEncoder(PerturbationVectors.oneHot(List.of("A")), "+", "control",
        DoseScale.LOG1P, 0);
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> e.encode("B", 1, null));
    assertTrue(unknown.getMessage().contains("B"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> e.encode("A", -1, null));
    assertThrows(IllegalArgumentException.class, () -> e.encode("control", 1, null));
    assertThrows(IllegalArgumentException.class, () -> e.encode("A++A", 1, null));
    assertThrows(IllegalArgumentException.class, () -> e.encode("A", 1, new float[3]));
  }
}
