package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose input does not fit the heap ends with one sentence that says so and how to give
 * the JVM more, exit {@value Main#EXIT_INTERNAL}, no stack trace and no output folder.
 */
class OutOfMemoryCliTest {
  @TempDir Path dir;

  @Test
  void aHeapTooSmallIsOneSentenceNamingTheFix() throws Exception {
    Path out = dir.resolve("toy");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "toy", "--samples", "20000000", "--steps", "1", "--seeds", "1", "--quiet",
        "--out", out.toString()));
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("log.txt").toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
    List<String> lines = Files.readAllLines(dir.resolve("log.txt"), StandardCharsets.UTF_8).stream()
        .filter(l -> !l.startsWith("WARNING") && !l.equals(Main.SCALAR_NOTE))
        .toList();
    assertEquals(Main.EXIT_INTERNAL, p.exitValue(), String.join("\n", lines));
    assertEquals(1, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).startsWith("fm4j: out of memory: the Java heap (at most "), lines.get(0));
    assertTrue(lines.get(0).contains("FM4J_JAVA_OPTS=-Xmx"), lines.get(0));
    assertFalse(Files.exists(out), "no output folder after the failure");
    assertFalse(new File(out + ".tmp").exists());
  }
}
