package org.flowmatch4j.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Why a file or directory could not be created, in words for a message. */
public final class FileErrors {
  private FileErrors() {}

  /**
   * The reason of {@code e}: "permission denied on F"; for a missing path whose parent exists
   * (a file system such as /proc that refuses new entries) "P does not accept new entries", else
   * "no such directory: P"; otherwise the operating system's reason and the path.
   */
  public static String reason(IOException e) {
    if (e instanceof AccessDeniedException a) {
      return "permission denied on " + a.getFile();
    }
    if (e instanceof NoSuchFileException n && n.getFile() != null) {
      Path p = Path.of(n.getFile()).getParent();
      return p != null && Files.isDirectory(p) ? p + " does not accept new entries" : "no such directory: " + p;
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(Locale.ROOT) + ": " + f.getFile();
    }
    return e.getMessage();
  }
}
