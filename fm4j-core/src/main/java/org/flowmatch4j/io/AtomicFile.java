package org.flowmatch4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writes a file so that readers see either the old content or the complete new one, never a
 * partial file: the content goes to a temporary file in the same directory, which is then renamed
 * over the target. A failed write removes the temporary file and leaves the target untouched.
 *
 * <p>The temporary file is {@code .<name>.<n>.tmp} ({@code n} a random non-negative number), created
 * without explicit permissions, so the file gets the mode the process's umask gives new files
 * (for example {@code -rw-r--r--} under umask 022) and keeps it when renamed. A process killed
 * between the two steps leaves its temporary file; {@link #removeLeftovers} deletes such files.
 * When the directory or the temporary file cannot be created, the {@link FileSystemException}
 * names the target and says why.
 */
public final class AtomicFile {
  private static final Pattern LEFTOVER = Pattern.compile("\\..+\\.[0-9]+\\.tmp");

  private AtomicFile() {}

  /** Writes the content produced by {@code writer} into a temporary file. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the whole content into {@code temporary}, a file next to the target. */
    void write(Path temporary) throws IOException;
  }

  /** Writes bytes through an output stream. */
  @FunctionalInterface
  public interface StreamWriter {
    /** Writes the whole content to {@code out} (closed by {@link #writeStream} when this returns). */
    void write(OutputStream out) throws IOException;
  }

  /**
   * Lets {@code writer} fill a temporary file next to {@code target}, then renames it to
   * {@code target} (atomically where the file system allows).
   */
  public static void write(Path target, Writer writer) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp;
    try {
      if (dir != null) {
        Files.createDirectories(dir);
      }
      tmp = createTemporary(dir == null ? Path.of("") : dir, abs.getFileName().toString());
    } catch (FileSystemException e) {
      throw new FileSystemException(target.toString(), null, "cannot write this file (" + FileErrors.reason(e) + ")");
    }
    boolean done = false;
    try {
      writer.write(tmp);
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static Path createTemporary(Path dir, String name) throws IOException {
    while (true) {
      Path tmp = dir.resolve("." + name + "." + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE) + ".tmp");
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        // another writer drew the same number; draw again
      }
    }
  }

  /**
   * Deletes the temporary files that interrupted writes left in {@code dir} (names
   * {@code .<name>.<digits>.tmp}; subdirectories are not searched).
   *
   * @return how many were deleted
   */
  public static int removeLeftovers(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.tmp")) {
      for (Path f : files) {
        if (LEFTOVER.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f)) {
          Files.delete(f);
          removed++;
        }
      }
    }
    return removed;
  }

  /** Writes the bytes produced by {@code writer} to {@code target} atomically. */
  public static void writeStream(Path target, StreamWriter writer) throws IOException {
    write(
        target,
        tmp -> {
          try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            writer.write(out);
          }
        });
  }

  /** Writes a UTF-8 string to {@code target} atomically. */
  public static void writeString(Path target, String content) throws IOException {
    write(target, tmp -> Files.writeString(tmp, content));
  }
}
