package org.flowmatch4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.flowmatch4j.cli.InputFiles;

/**
 * The cells of a job that compares or samples groups: an .h5ad (its obsm matrix or X as the vector
 * column) or a Parquet directory, with an obs column that names each cell's group.
 */
final class Populations {
  private Populations() {}

  /** The cells with at least the columns {@value SparkRows#ID}, {@code key} and {@code embedding}. */
  static Dataset<Row> read(SparkSession s, SparkOptions options, Path input, String key, String embedding) {
    Dataset<Row> d;
    if (input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".h5ad")) {
      InputFiles.requireFile(input, "INPUT");
      AtlasFile atlas = new AtlasFile(input.toString());
      d = Atlas.frame(s, atlas, options.ranges(s, atlas.summary().obs().size()), embedding.equals(Atlas.X) ? null : embedding);
    } else if (Files.isDirectory(input)) {
      d = s.read().parquet(input.toString());
      if (options.partitions != null) {
        d = d.repartition(options.partitions);
      }
    } else {
      throw new IllegalArgumentException("INPUT " + input + ": expected an .h5ad file or a Parquet directory");
    }
    List<String> names = Arrays.asList(d.schema().fieldNames());
    for (String c : new String[] {key, embedding}) {
      if (!names.contains(c)) {
        throw new IllegalArgumentException(input + ": no column '" + c + "' (has " + names + ")");
      }
    }
    return d;
  }

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
