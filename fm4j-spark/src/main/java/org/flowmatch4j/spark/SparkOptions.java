package org.flowmatch4j.spark;

import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The options every Spark job takes: where it runs and how the cells are split. */
public final class SparkOptions {
  @Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. local[2] (default: the one spark-submit sets, else local[*]).")
  String master;

  @Option(names = "--partitions", paramLabel = "P", description = "Row ranges the cells are split into, one task each (default: one per 50,000 cells, at least Spark's default parallelism: N of local[N], else the executors' cores).")
  Integer partitions;

  @Option(names = "--debug", description = "Show stack traces of errors.")
  boolean debug;

  /** Cells per partition when --partitions is not given. */
  static final int CELLS_PER_PARTITION = 50_000;

  /** Checks --partitions before Spark starts. */
  void check() {
    if (partitions != null && partitions < 1) {
      throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
    }
  }

  SparkSession session(String job) {
    check();
    return Sessions.get(master, job);
  }

  /** n cells split into --partitions ranges, or the default. */
  RowRanges ranges(SparkSession spark, int n) {
    int p = partitions != null ? partitions
        : Math.max(spark.sparkContext().defaultParallelism(), (n + CELLS_PER_PARTITION - 1) / CELLS_PER_PARTITION);
    return RowRanges.even(n, p);
  }
}
