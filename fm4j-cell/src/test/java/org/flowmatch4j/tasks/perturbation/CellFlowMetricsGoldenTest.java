package org.flowmatch4j.tasks.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/**
 * Every {@link Metric} of {@link PerturbationMetrics} in each scored space (embedding, genes, DEG
 * columns) against CellFlow's definitions computed in Python by
 * {@code src/test/python/gen_cellflow_metric_goldens.py} (scikit-learn, scipy, POT).
 */
class CellFlowMetricsGoldenTest {

  private static List<Map<String, String>> cases() throws IOException {
    List<Map<String, String>> out = new ArrayList<>();
    try (InputStream in = CellFlowMetricsGoldenTest.class.getResourceAsStream("/perturbation/cellflow_metrics.txt")) {
      assertNotNull(in, "golden file on the test class path");
      Map<String, String> c = new HashMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("#")) {
          continue;
        }
        if (line.isBlank()) {
          if (!c.isEmpty()) {
            out.add(c);
          }
          c = new HashMap<>();
          continue;
        }
        int sp = line.indexOf(' ');
        c.put(line.substring(0, sp), line.substring(sp + 1));
      }
      if (!c.isEmpty()) {
        out.add(c);
      }
    }
    return out;
  }

  private static Matrix matrix(Map<String, String> c, String key) {
    int n = Integer.parseInt(c.get("n_" + key));
    int d = Integer.parseInt(c.get("d"));
    String[] v = c.get(key).split(" ");
    assertEquals(n * d, v.length, key);
    Matrix m = new Matrix(n, d);
    for (int i = 0; i < v.length; i++) {
      m.data[i] = Float.parseFloat(v[i]);
    }
    return m;
  }

  @Test
  void everyMetricInEverySpaceMatchesThePythonReference() throws IOException {
    List<Map<String, String>> cases = cases();
    assertEquals(Space.values().length, cases.size());
    for (Map<String, String> c : cases) {
      Space space = Space.valueOf(c.get("name").toUpperCase(java.util.Locale.ROOT));
      boolean expression = Boolean.parseBoolean(c.get("expression"));
      assertEquals(space.expression, expression, c.get("name"));
      Map<Metric, Double> s = new PerturbationMetrics(matrix(c, "real"), matrix(c, "control"), expression)
          .score(matrix(c, "pred"));
      assertEquals(space.metrics().size(), s.size(), c.get("name"));
      for (Metric m : space.metrics()) {
        double expected = Double.parseDouble(c.get(m.key));
        double tol = m.key.startsWith("sinkhorn") ? 1e-4 * Math.max(1, Math.abs(expected)) : 1e-9 * Math.max(1,
            Math.abs(expected));
        assertEquals(expected, s.get(m), tol, c.get("name") + " " + m.key);
      }
    }
  }
}
