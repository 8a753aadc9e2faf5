package org.flowmatch4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir Path dir;

  @Test
  void writesAndReplaces() throws IOException {
    Path f = dir.resolve("sub/out.txt");
    AtomicFile.writeString(f, "one");
    AtomicFile.writeString(f, "two");
    assertEquals("two", Files.readString(f));
    try (Stream<Path> s = Files.list(f.getParent())) {
      assertEquals(1, s.count(), "no temporary file is left behind");
    }
  }

  @Test
  void failedWriteLeavesTheOldContentAndNoTemporaryFile() throws IOException {
    Path f = dir.resolve("out.txt");
    AtomicFile.writeString(f, "old");
    IOException e = assertThrows(IOException.class, () -> AtomicFile.writeStream(f, out -> {
      out.write("partial".getBytes());
      throw new IOException("disk full");
    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old", Files.readString(f));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(1, s.count());
    }
  }
}
