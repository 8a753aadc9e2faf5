package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Runs {@code fm4j} in-process with captured stdout and stderr, and writes small input files. */
final class CliRun {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Runs the command line afresh (earlier output is cleared) and returns its exit code. */
  int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }

  /** Asserts exit code 2 with exactly one line on stderr that contains {@code part}; returns it. */
  String assertBadInput(String part, String... args) {
    assertEquals(Main.EXIT_BAD_INPUT, run(args), err());
    String e = err().strip();
    assertEquals(1, e.lines().count(), "one line: " + e);
    assertTrue(e.contains(part), e);
    return e;
  }

  /**
   * Writes a time course CSV {@code day,x,y}: three snapshots of 30 cells of a 2-D cloud drifting
   * right by 1 per time point, every value but the day multiplied by {@code scale}.
   */
  static Path timeCourse(Path file, double scale) throws IOException {
    SplittableRandom r = new SplittableRandom(3);
    StringBuilder sb = new StringBuilder("day,x,y\n");
    for (int i = 0; i < 90; i++) {
      int t = i / 30;
      sb.append(t).append(',').append(scale * (t + 0.3 * r.nextGaussian())).append(',')
          .append(scale * 0.3 * r.nextGaussian()).append('\n');
    }
    Files.writeString(file, sb.toString());
    return file;
  }
}
