package org.flowmatch4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The groups of cells of a job that compares or samples them ({@link CellsInput} reads the cells):
 * the values of an obs column that names each cell's group.
 */
final class Populations {
  private Populations() {}

  /** The distinct values of the group column, as text. */
  static List<String> groups(Dataset<Row> d, String key) {
    List<String> out = new ArrayList<>();
    for (Row r : d.select(key).distinct().collectAsList()) {
      out.add(String.valueOf(r.get(0)));
    }
    out.sort(null);
    return out;
  }

  /** Refuses a group value that no cell has, naming the values there are. */
  static void requireGroup(List<String> groups, String key, String value) {
    if (!groups.contains(value)) {
      throw new IllegalArgumentException("no cell has " + key + " = '" + value + "' (values: " + groups + ")");
    }
  }
}
