package org.flowmatch4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.flowmatch4j.io.FileErrors;

/**
 * The output directory of a command ({@code --out DIR}): created before any work, so that a
 * directory that cannot be made is reported at once, and removed again, with the subdirectories
 * made through it, when the command fails before writing anything into them.
 */
final class OutputDirectory {
  private final Path dir;
  private final List<Path> created = new ArrayList<>();

  private OutputDirectory(Path dir) {
    this.dir = dir;
  }

  /**
   * Creates {@code dir} and any missing parents.
   *
   * @param option the option that named it, for messages
   * @throws IllegalArgumentException if the name is empty, names a file, or cannot be created
   */
  static OutputDirectory create(Path dir, String option) {
    OutputDirectory o = new OutputDirectory(dir);
    o.make(dir, option);
    return o;
  }

  /** Creates the subdirectory {@code name} (if missing) and returns it. */
  Path subdirectory(String name) {
    Path sub = dir.resolve(name);
    make(sub, "--out");
    return sub;
  }

  /**
   * Runs {@code work}, the command's work that writes into the directory; when it fails, removes
   * the directories this made that are still empty, then rethrows.
   */
  int run(Callable<Integer> work) throws Exception {
    try {
      return work.call();
    } catch (Exception | Error e) {
      removeIfEmpty();
      throw e;
    }
  }

  /** Removes the directories this made that are still empty, innermost first. */
  private void removeIfEmpty() {
    for (int i = created.size() - 1; i >= 0; i--) {
      try {
        Files.deleteIfExists(created.get(i));
      } catch (IOException e) {
        return; // not empty (or not ours to remove): keep it and the directories above it
      }
    }
  }

  private void make(Path d, String option) {
    if (d.toString().isEmpty()) {
      throw new IllegalArgumentException(option + ": expected a directory name, got an empty string");
    }
    if (Files.exists(d) && !Files.isDirectory(d)) {
      throw new IllegalArgumentException(option + " " + d + ": is a file, expected a directory");
    }
    List<Path> missing = new ArrayList<>();
    for (Path p = d.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(0, p);
    }
    try {
      for (Path p : missing) {
        Files.createDirectory(p);
        created.add(p);
      }
    } catch (IOException e) {
      removeIfEmpty();
      throw new IllegalArgumentException(option + " " + d + ": cannot create this directory (" + FileErrors.reason(e) + ")");
    }
  }
}
