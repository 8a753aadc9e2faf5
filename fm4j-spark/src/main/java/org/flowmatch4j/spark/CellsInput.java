package org.flowmatch4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.flowmatch4j.data.counts.TenxFolder;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The cells a job reads ({@code INPUT}, {@code --embedding}): an .h5ad or a 10x folder split into
 * row ranges (an obsm matrix or X as the vector column), a Parquet directory written by {@code
 * to-parquet} or {@code preprocess}, or, with INPUT left out, the cells the job before it in the
 * chain kept in memory ({@link Chain}).
 */
public final class CellsInput {
  @Parameters(index = "0", arity = "0..1", paramLabel = "INPUT", description = "Input .h5ad file, 10x folder or Parquet directory (a path every executor can read); left out after preprocess without --out: its cells, in memory.")
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
    if (input == null) {
      return cells(s, options, columns).frame(s);
    }
    Dataset<Row> d = frame(s, options);
    check(d.schema(), columns);
    return d;
  }

  /**
   * The cells as rows and their schema, with at least the columns of {@link #read}: the rows of the
   * job before when INPUT is left out, without converting them to a {@link Dataset} and back.
   */
  Chain.Cells cells(SparkSession s, SparkOptions options, String... columns) {
    if (input == null) {
      Chain.Cells cells = Chain.take();
      check(cells.schema(), columns);
      return cells;
    }
    Dataset<Row> d = frame(s, options);
    check(d.schema(), columns);
    return new Chain.Cells(d.javaRDD(), d.schema());
  }

  /** INPUT, or what stands for it in messages. */
  String name() {
    return input == null ? "the cells of the job before " + SparkMain.THEN : input.toString();
  }

  private Dataset<Row> frame(SparkSession s, SparkOptions options) {
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
    return d;
  }

  private void check(StructType schema, String[] columns) {
    List<String> names = Arrays.asList(schema.fieldNames());
    for (String c : concat(embedding, columns)) {
      if (!names.contains(c)) {
        throw new IllegalArgumentException(name() + ": no column '" + c + "' (has " + names + ")");
      }
    }
  }

  private static String[] concat(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
