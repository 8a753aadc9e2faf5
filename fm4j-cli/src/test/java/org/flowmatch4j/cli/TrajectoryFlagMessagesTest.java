package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task layer names its parameters; {@code trajectory} names its flags: a held-out index out
 * of range and an AnnData file without a time key are reported in the command line's terms, on
 * one line, with exit code 2 and no output. The course is the tiny one of fm4j-cell's tests (days
 * 0, 1, 3: only time point 1 is interior).
 */
class TrajectoryFlagMessagesTest {
  private static final Path COURSE =
      Path.of("..", "fm4j-cell", "src", "test", "resources", "org", "flowmatch4j", "tasks", "trajectory");
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void aHoldoutOutOfRangeNamesTheFlag() {
    Path o = dir.resolve("run");
    assertEquals(Main.EXIT_BAD_INPUT, run("trajectory", "--data", COURSE.resolve("tiny_course.csv").toString(),
        "--time-key", "day", "--holdout", "2", "--steps", "2", "--out", o.toString()));
    assertEquals("fm4j trajectory: --holdout must name an interior time point (1..1), got 2", err.toString().strip());
    assertFalse(o.toFile().exists(), "no output");
  }

  @Test
  void anAnnDataFileWithoutATimeKeyNamesTheFlag() {
    Path data = COURSE.resolve("tiny_course.h5ad");
    Path o = dir.resolve("run");
    assertEquals(Main.EXIT_BAD_INPUT, run("trajectory", "--data", data.toString(), "--steps", "2", "--out",
        o.toString()));
    assertEquals("fm4j trajectory: " + data + ": --time-key is required for an AnnData file (an obs column)",
        err.toString().strip());
    assertFalse(o.toFile().exists(), "no output");
  }
}
