package org.flowmatch4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.flowmatch4j.data.counts.TenxFolder;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The cells a job reads ({@code INPUT}, {@code --embedding}): an .h5ad or a 10x folder split into
 * row ranges (an obsm matrix or X as the vector column) or a Parquet directory written by {@code
 * to-parquet} or {@code preprocess}.
 */
public final class CellsInput {
  @Parameters(index = "0", paramLabel = "INPUT", description = "Input .h5ad file, 10x folder or Parquet directory (a path every executor can read).")
  Path input;

  @Option(names = "--embedding", defaultValue = "X_pca", paramLabel = "KEY", description = "obsm key or X (.h5ad), or vector column (Parquet), of the cells (default ${DEFAULT-VALUE}).")
  String embedding;

  /**
   * The cells with at least the columns {@value SparkRows#ID}, {@link #embedding} and {@code
   * columns}.
   *
   * @throws IllegalArgumentException naming INPUT when it is neither an .h5ad file nor a directory,
   *     or a column that is not there
   */
  Dataset<Row> read(SparkSession s, SparkOptions options, String... columns) {
    Dataset<Row> d;
    if (input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".h5ad") || TenxFolder.is(input)) {
      AtlasFile atlas = AtlasFile.of(input, "INPUT");
      d = Atlas.frame(s, atlas, options.ranges(s, atlas.cells()), embedding.equals(Atlas.X) ? null : embedding);
    } else if (Files.isDirectory(input)) {
      d = s.read().parquet(input.toString());
      if (options.partitions != null) {
        d = d.repartition(options.partitions);
      }
    } else {
      throw new IllegalArgumentException("INPUT " + input + ": expected an .h5ad file, a 10x folder or a Parquet directory");
    }
    List<String> names = Arrays.asList(d.schema().fieldNames());
    for (String c : concat(embedding, columns)) {
      if (!names.contains(c)) {
        throw new IllegalArgumentException(input + ": no column '" + c + "' (has " + names + ")");
      }
    }
    return d;
  }

  private static String[] concat(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
