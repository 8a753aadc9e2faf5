package org.flowmatch4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.flowmatch4j.cli.OutputFile;

/**
 * An output directory that appears complete or not at all: it is written as a hidden sibling
 * {@code .NAME.tmp-<nanos>} and renamed once the job has finished (as Spark's committers write
 * task outputs to a temporary path), and removed if the job fails.
 */
public final class AtomicDirectory {
  private AtomicDirectory() {}

  /**
   * Checks {@code out} before any work: it must not exist (a directory is never overwritten), and
   * the nearest existing folder above it must accept new files ({@link OutputFile#check}); missing
   * folders between them are made when the job writes.
   */
  public static void check(Path out, String option) {
    if (Files.exists(out)) {
      throw new IllegalArgumentException(option + " " + out + ": already exists; give a new directory name");
    }
    OutputFile.check(out, option);
  }

  /**
   * Writes {@code cells} as a Parquet directory {@code out} ({@link #write}), without dictionary
   * encoding: cell ids and vector entries are nearly all distinct, so Parquet would build each
   * column's dictionary only to discard it (a quarter of a job's write time in the profile).
   */
  public static void parquet(SparkSession spark, Path out, Dataset<Row> cells) {
    write(spark, out, tmp -> cells.write().option("parquet.enable.dictionary", "false").parquet(tmp));
  }

  /** Calls {@code write} with a temporary directory path (not yet created) and renames it to {@code out}. */
  public static void write(SparkSession spark, Path out, Consumer<String> write) {
    Path abs = out.toAbsolutePath();
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + System.nanoTime());
    try {
      Files.createDirectories(abs.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the folder of " + out + ": " + e.getMessage(), e);
    }
    try {
      write.accept(tmp.toUri().toString());
    } catch (Exception e) {
      // also Spark's checked SparkException, which its Scala code throws undeclared
      delete(spark, tmp);
      throw e;
    } catch (Error e) {
      delete(spark, tmp);
      throw e;
    }
    try {
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      delete(spark, tmp);
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes the temporary directory of a failed job, once the job's last tasks have stopped: Spark
   * fails a job at its first failed task without waiting for the tasks still running, which may
   * still write their files (waits at most {@value #MAX_WAIT_MS} ms for the job's stages to end).
   */
  private static void delete(SparkSession spark, Path dir) {
    long until = System.currentTimeMillis() + MAX_WAIT_MS;
    while (activeStages(spark) > 0 && System.currentTimeMillis() < until) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // the first error is the one reported
    }
  }

  private static int activeStages(SparkSession spark) {
    return spark.sparkContext().statusTracker().getActiveStageIds().length;
  }

  private static final long MAX_WAIT_MS = 10_000;
}
