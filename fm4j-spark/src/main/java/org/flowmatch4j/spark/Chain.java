package org.flowmatch4j.spark;

import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.flowmatch4j.cli.Main;
import picocli.CommandLine;

/**
 * Cells that one job of a {@value SparkMain#THEN} chain hands to the next in memory: {@code
 * preprocess} without {@code --out} followed by {@code predict}, {@code distance} or {@code sample}
 * without INPUT. The second job maps the first job's partitions directly (for {@code predict}: the
 * projection and the push in one task per partition), so the cells are neither written to Parquet
 * nor read back. The first job's kept blocks are released when the second job ends.
 */
final class Chain {
  /** The jobs that take the cells of the job before them when their INPUT is left out. */
  static final Set<String> TAKERS = Set.of("predict", "distance", "sample");

  /** The job that hands on its cells when its {@code --out} is left out. */
  static final String GIVER = "preprocess";

  /**
   * Rows of cells and their schema, not yet computed: the rows carry the schema ({@link
   * Row#fieldIndex} works), so a job reads their columns by name as it does a Parquet input's.
   */
  record Cells(JavaRDD<Row> rows, StructType schema) {
    /** The cells as a {@link Dataset}, for jobs that select and filter by column. */
    Dataset<Row> frame(SparkSession s) {
      return s.createDataFrame(rows, schema);
    }
  }

  private static Cells offered;
  private static Runnable release;

  private Chain() {}

  /**
   * Checks, before any job runs, that each job without output ({@value #GIVER} without {@code
   * --out}) is followed by a job without INPUT ({@link #TAKERS}), and each job without INPUT
   * follows one and has no {@code --partitions} (it keeps the partitions of the job before). A job whose options do not parse is left to report its own error when it runs.
   *
   * @return the one-sentence error, or null when the chain is consistent
   */
  static String check(List<String[]> jobs) {
    boolean[] gives = new boolean[jobs.size()];
    boolean[] takes = new boolean[jobs.size()];
    boolean[] partitions = new boolean[jobs.size()];
    String[] names = new String[jobs.size()];
    for (int j = 0; j < jobs.size(); j++) {
      CommandLine.ParseResult sub;
      try {
        sub = Main.commandLine(new SparkMain(), false).parseArgs(jobs.get(j)).subcommand();
      } catch (CommandLine.ParameterException e) {
        continue;
      }
      if (sub == null || sub.isUsageHelpRequested() || sub.isVersionHelpRequested()) {
        continue;
      }
      names[j] = sub.commandSpec().name();
      gives[j] = names[j].equals(GIVER) && !sub.hasMatchedOption("--out");
      takes[j] = TAKERS.contains(names[j]) && !sub.hasMatchedPositional(0);
      partitions[j] = sub.hasMatchedOption("--partitions");
    }
    for (int j = 0; j < jobs.size(); j++) {
      if (gives[j] && (j + 1 == jobs.size() || !takes[j + 1])) {
        return "fm4j spark " + GIVER + ": --out is required, unless the next job (after " + SparkMain.THEN
            + ") is predict, distance or sample without INPUT, which then takes the cells in memory";
      }
      if (takes[j] && (j == 0 || !gives[j - 1])) {
        return "fm4j spark " + names[j] + ": INPUT is required, unless the job before it (before " + SparkMain.THEN
            + ") is preprocess without --out, whose cells it then takes in memory";
      }
      if (takes[j] && partitions[j]) {
        return "fm4j spark " + names[j] + ": --partitions: the cells of the job before " + SparkMain.THEN
            + " keep its partitions; give --partitions to that job";
      }
    }
    return null;
  }

  /** Offers {@code cells} to the next job; {@code whenDone} releases what they are computed from. */
  static synchronized void offer(Cells cells, Runnable whenDone) {
    clear();
    offered = cells;
    release = whenDone;
  }

  /**
   * The cells the job before offered.
   *
   * @throws IllegalStateException when it offered none ({@link #check} refuses such a chain first)
   */
  static synchronized Cells take() {
    if (offered == null) {
      throw new IllegalStateException("INPUT is required: no job before this one left its cells in memory");
    }
    return offered;
  }

  /** Whether cells are on offer (the job about to run takes them). */
  static synchronized boolean pending() {
    return offered != null;
  }

  /** Releases the offered cells (the job that took them has ended, or the chain stopped). */
  static synchronized void clear() {
    if (release != null) {
      release.run();
    }
    offered = null;
    release = null;
  }
}
