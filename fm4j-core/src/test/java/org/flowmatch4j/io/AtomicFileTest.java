package org.flowmatch4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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

  @Test
  void writtenFilesGetTheModeTheUmaskGivesNewFiles() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    Path plain = Files.createFile(dir.resolve("plain.txt"));
    Set<PosixFilePermission> umaskMode = Files.getPosixFilePermissions(plain);
    assumeTrue(umaskMode.contains(PosixFilePermission.OTHERS_READ),
        "the umask lets others read new files, so a private mode would show: " + umaskMode);
    Path f = dir.resolve("result.csv");
    AtomicFile.writeString(f, "x\n");
    assertEquals(umaskMode, Files.getPosixFilePermissions(f));
  }

  @Test
  void leftoversOfInterruptedWritesAreRemovedAndNothingElse() throws IOException {
    for (String name : List.of(".velocities.csv.123456789.tmp", ".metrics.json.42.tmp", "velocities.csv",
        ".hidden.tmp", "notes.1.tmp", ".model.ckpt.x7.tmp")) {
      Files.writeString(dir.resolve(name), "x");
    }
    assertEquals(2, AtomicFile.removeLeftovers(dir));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(Set.of("velocities.csv", ".hidden.tmp", "notes.1.tmp", ".model.ckpt.x7.tmp"),
          s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
    assertEquals(0, AtomicFile.removeLeftovers(dir.resolve("absent")));
  }

  @Test
  void aTargetThatCannotBeCreatedIsNamedWithTheReason() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "a Linux /proc");
    IOException e = assertThrows(IOException.class, () -> AtomicFile.writeString(Path.of("/proc/fm4j.csv"), "x"));
    assertEquals("/proc/fm4j.csv: cannot write this file (/proc does not accept new entries)", e.getMessage());
  }
}
