package org.flowmatch4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flowmatch4j.io.FileErrors;

/** Checks of an output file option ({@code --out FILE}) before any work. */
public final class OutputFile {
  private OutputFile() {}

  /**
   * Requires {@code file} to name a file that can be written: not empty, not a directory, and
   * below a directory that accepts new files (tried by creating and deleting a temporary file in
   * the nearest existing one).
   *
   * @throws IllegalArgumentException naming the option and what is wrong
   */
  public static void check(Path file, String option) {
    if (file.toString().isEmpty()) {
      throw new IllegalArgumentException(option + ": expected a file name, got an empty string");
    }
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(option + " " + file + ": is a directory, expected a file name");
    }
    Path parent = file.toAbsolutePath().getParent();
    while (parent != null && !Files.exists(parent)) {
      parent = parent.getParent();
    }
    if (parent == null) {
      return;
    }
    if (!Files.isDirectory(parent)) {
      throw new IllegalArgumentException(option + " " + file + ": " + parent + " is a file, not a directory");
    }
    try {
      Files.delete(Files.createTempFile(parent, ".fm4j-probe.", ".tmp"));
    } catch (IOException e) {
      throw new IllegalArgumentException(option + " " + file + ": cannot write there (" + FileErrors.reason(e) + ")");
    }
  }
}
