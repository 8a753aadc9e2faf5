package org.flowmatch4j.tasks.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowmatch4j.data.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shapes and values of condition vectors: one-hot, combinations, dose, context, user vectors. */
class ConditionEncoderTest {

  @Test
  void attentionPoolingCarriesThePaddedSetAndItsMask() {
    PerturbationVectors v = PerturbationVectors.oneHot(List.of("TNF", "IFNB", "IL6"));
    ConditionEncoder e = new ConditionEncoder(v, "+", "ctrl", DoseScale.LOG1P, 1, SetPooling.ATTENTION, 2);
    assertEquals(2 * 3 + 2 + 1 + 1, e.dim());
    // [e(TNF) | e(IFNB) | mask | dose | context], vocabulary IFNB, IL6, TNF
    assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 1, 1, (float) Math.log1p(3), 7},
        e.encode("TNF+IFNB", 3, new float[] {7}), 1e-7f);
    // a single: one member, padding zero
    assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0, 1, 0, 0, 7}, e.encode("IL6+ctrl", 0, new float[] {7}), 1e-7f);
    assertEquals(new org.flowmatch4j.nn.AttentionPoolConfig(2, 3, 3), e.poolConfig());
    assertTrue(e.describe().contains("attention-pooled"), e.describe());
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
        () -> e.encode("TNF+IFNB+IL6", 0, new float[] {7}));
    assertTrue(x.getMessage().contains("pads sets to 2"), x.getMessage());
    // mean pooling has no pool
    assertEquals(null, new ConditionEncoder(v, "+", "ctrl", null, 0).poolConfig());
  }

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
  void vectorsFromCsvAndUns(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("fp.csv");
    Files.writeString(f, "drug,f1,f2,f3\ndrugA,1,0,1\ndrugB,0,2,0\n");
    PerturbationVectors csv = PerturbationVectors.readCsv(f);
    assertEquals(3, csv.dim());
    ConditionEncoder e = new ConditionEncoder(csv, "+", "control", null, 0);
    assertArrayEquals(new float[] {0.5f, 1, 0.5f}, e.encode("drugA+drugB", Double.NaN, null), 1e-7f);
    Map<String, Object> dict = new LinkedHashMap<>();
    dict.put("drugA", NdArray.of(new double[] {1, 2}));
    PerturbationVectors uns = PerturbationVectors.fromUns(dict, "fingerprints");
    assertArrayEquals(new float[] {1, 2}, new ConditionEncoder(uns, null, "control", null, 0)
        .encode("drugA", Double.NaN, null));
    Files.writeString(f, "drug,f1\ndrugA,x\n");
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> PerturbationVectors.readCsv(f));
    assertTrue(bad.getMessage().contains("drugA") && bad.getMessage().contains("f1"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PerturbationVectors.fromUns("text", "fingerprints"));
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
