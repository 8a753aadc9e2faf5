package org.flowmatch4j.data;

import java.lang.reflect.Array;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A NumPy record array from {@code uns} (e.g. scanpy's {@code rank_genes_groups/names}): named
 * fields of equal length, each a Java array ({@code float[]}, {@code double[]}, {@code byte[]},
 * {@code short[]}, {@code int[]}, {@code long[]}, {@code boolean[]} or {@code String[]}). Written
 * back as an anndata {@code rec-array}.
 */
public record RecArray(Map<String, Object> fields, int length) {
  /**
   * Copies the field map (order kept) and checks that every field is an array of {@code length}
   * elements.
   */
  public RecArray {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      Object v = e.getValue();
      if (v == null || !v.getClass().isArray() || Array.getLength(v) != length) {
        throw new IllegalArgumentException("field '" + e.getKey() + "' must be an array of length " + length);
      }
    }
  }

  @Override
  public String toString() {
    return "RecArray[" + length + " rows, fields=" + fields.keySet() + "]";
  }
}
