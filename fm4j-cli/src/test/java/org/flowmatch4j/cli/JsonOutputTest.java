package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonOutputTest {
  @Test
  void nonFiniteNumbersAreWrittenAsNullEverywhere() {
    JsonObject tree = new JsonObject();
    tree.addProperty("pearson", Double.NaN);
    tree.addProperty("n", 3);
    JsonArray arr = new JsonArray();
    arr.add(Double.NEGATIVE_INFINITY);
    arr.add(0.5);
    tree.add("a", arr);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nan", Double.NaN);
    m.put("inf", Double.POSITIVE_INFINITY);
    m.put("f", Float.NaN);
    m.put("ok", 1.5);
    m.put("array", new double[] {1, Double.NaN});
    m.put("floats", new float[] {Float.POSITIVE_INFINITY, 2});
    m.put("list", List.of(Double.NaN, 2.0));
    m.put("tree", tree);
    String line = JsonOutput.line(m);
    assertEquals("{\"nan\":null,\"inf\":null,\"f\":null,\"ok\":1.5,\"array\":[1.0,null],\"floats\":[null,2.0],"
        + "\"list\":[null,2.0],\"tree\":{\"pearson\":null,\"n\":3,\"a\":[null,0.5]}}", line);
  }
}
