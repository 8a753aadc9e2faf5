package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void versionNamesTheProjectAndJava() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("fm4j "), out.toString());
    assertTrue(out.toString().contains("Java "), out.toString());
  }

  @Test
  void unknownOptionIsBadInputWithOneLine() {
    assertEquals(Main.EXIT_BAD_INPUT, run("--no-such-option"));
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertTrue(err.toString().contains("--no-such-option"), err.toString());
  }
}
