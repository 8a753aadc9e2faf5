package org.flowmatch4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of input file options before any work, with one sentence naming the option and path. */
public final class InputFiles {
  private InputFiles() {}

  /**
   * Requires {@code file} to be a readable regular file.
   *
   * @param option the option (or parameter label) that named it
   * @throws IllegalArgumentException saying whether the name is empty, missing, a directory or unreadable
   */
  public static void requireFile(Path file, String option) {
    if (file.toString().isEmpty()) {
      throw new IllegalArgumentException(option + ": expected a file name, got an empty string");
    }
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(option + " " + file + ": is a directory, expected a file");
    }
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(option + " " + file + ": no such file");
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(option + " " + file + ": permission denied");
    }
  }
}
