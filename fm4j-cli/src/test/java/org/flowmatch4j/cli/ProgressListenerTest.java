package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressListenerTest {
  @TempDir Path dir;

  private static void train(ProgressListener p, int steps) {
    p.onStart("otcfm", 0, steps);
    for (int s = 1; s <= steps; s++) {
      p.onStep(s, 0.5);
    }
    p.onEnd();
  }

  @Test
  void withoutATerminalProgressIsAFewPlainLines() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    train(new ProgressListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, false, Long.MAX_VALUE),
        3000);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertFalse(text.contains("\r"), text);
    assertEquals(List.of("otcfm: training 3000 steps", "otcfm: step 3000/3000 (100%), "),
        text.lines().map(l -> l.contains("steps/s") ? l.substring(0, l.indexOf("(100%)") + 8) : l).toList(), text);
    assertTrue(text.endsWith("loss 0.5000\n"), text);
  }

  @Test
  void withoutATerminalALineComesEveryInterval() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    train(new ProgressListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, false, 0), 4);
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(5, lines.size(), lines.toString());
    assertTrue(lines.get(2).startsWith("otcfm: step 2/4 (50%), "), lines.get(2));
  }

  @Test
  void divergenceIsAnErrorOnItsOwnLineWithItsOwnExitCode() throws IOException {
    PrintStream before = System.err;
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    CliRun cli = new CliRun();
    int code;
    try {
      System.setErr(new PrintStream(progress, true, StandardCharsets.UTF_8));
      code = cli.run("trajectory", "--data", CliRun.timeCourse(dir.resolve("c.csv"), 1).toString(), "--time-key", "day",
          "--lr", "1e6", "--steps", "200", "--batch", "16", "--seeds", "1", "--out", dir.resolve("o").toString());
    } finally {
      System.setErr(before);
    }
    assertEquals(Main.EXIT_DIVERGED, code, cli.err());
    String e = cli.err().strip();
    assertEquals(1, e.lines().count(), e);
    assertTrue(e.startsWith("fm4j trajectory: otcfm: training diverged, the loss became "), e);
    String p = progress.toString(StandardCharsets.UTF_8);
    assertTrue(p.isEmpty() || p.endsWith("\n"), "progress ends its line before the error: " + p);
    assertFalse(p.contains("\r"), p);
  }
}
