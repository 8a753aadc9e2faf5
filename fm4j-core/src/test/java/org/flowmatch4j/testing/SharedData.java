package org.flowmatch4j.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real single-cell files in {@code ../shared/data} (next to the repository). Tests that need
 * one call {@link #require(String)}, which skips the test with a message where the folder or the
 * file is absent (a user's fresh clone).
 */
public final class SharedData {
  private SharedData() {}

  /** The shared data folder: system property {@code fm4j.shared.data}, else {@code ../shared/data}. */
  public static Path dir() {
    String p = System.getProperty("fm4j.shared.data");
    return p != null ? Path.of(p) : Path.of("..", "shared", "data");
  }

  /** The path of {@code name} in the shared folder; skips the calling test if it is absent. */
  public static Path require(String name) {
    Path f = dir().resolve(name);
    assumeTrue(Files.isRegularFile(f), "skipped: shared data file " + f + " is absent");
    return f;
  }
}
