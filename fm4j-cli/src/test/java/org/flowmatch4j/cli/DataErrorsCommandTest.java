package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad data reach the user as one line on stderr naming the file and where, with exit code 2, and no output. */
class DataErrorsCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private void assertOneLine(String expected) {
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertTrue(err.toString().contains(expected), err.toString());
  }

  @Test
  void aFeatureTakenForTheTimeColumnIsRefused() throws IOException {
    StringBuilder s = new StringBuilder("x1,x2\n");
    for (int i = 0; i < 150; i++) {
      s.append(0.01 * i).append(',').append(Math.cos(i)).append('\n');
    }
    Path f = dir.resolve("nt.csv");
    Files.writeString(f, s);
    Path o = dir.resolve("run");
    assertEquals(Main.EXIT_BAD_INPUT, run("trajectory", "--data", f.toString(), "--steps", "2", "--out", o.toString()));
    assertOneLine(f + ": time column 'x1' (the first column) has 150 distinct values among 150 cells");
    assertTrue(err.toString().contains("pass --many-time-points to use it as it is"), err.toString());
  }

  @Test
  void aCorruptedCompressedChunkIsAnErrorNamingTheFileAndKey() throws IOException {
    Path fixture = Path.of("..", "fm4j-cell", "src", "test", "resources", "org", "flowmatch4j", "data", "h5ad", "checksummed.h5ad");
    byte[] b = Files.readAllBytes(fixture);
    b[6144 + 200] ^= 0x10; // inside the first chunk of X (checksummed_chunks.json)
    Path f = dir.resolve("flipped.h5ad");
    Files.write(f, b);
    Path o = dir.resolve("o.h5ad");
    assertEquals(Main.EXIT_BAD_INPUT, run("preprocess", f.toString(), "--out", o.toString()));
    assertOneLine(f + ": cannot read 'X': 'X' has a corrupt chunk: its Fletcher-32 checksum is ");
    assertFalse(Files.exists(o), "no output");
  }
}
