package org.flowmatch4j.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

  /** The directory. */
  Path path() {
    return dir;
  }

  /** {@code name} inside the directory. */
  Path resolve(String name) {
    return dir.resolve(name);
  }

  /** Creates the subdirectory {@code name} (if missing) and returns it. */
  Path subdirectory(String name) {
    Path sub = dir.resolve(name);
    make(sub, "--out");
    return sub;
  }

  /** Removes the directories this made that are still empty, innermost first. */
  void removeIfEmpty() {
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
      throw new IllegalArgumentException(option + " " + d + ": cannot create this directory (" + reason(e) + ")");
    }
  }

  /** Why a file or directory could not be created, in words. */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException a) {
      return "permission denied on " + a.getFile();
    }
    if (e instanceof NoSuchFileException n) {
      Path p = Path.of(n.getFile()).getParent();
      return p != null && Files.isDirectory(p)
          ? p + " does not accept new entries" : "no such directory: " + p;
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(java.util.Locale.ROOT) + ": " + f.getFile();
    }
    return e.getMessage();
  }
}
