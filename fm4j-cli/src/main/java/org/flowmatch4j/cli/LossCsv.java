package org.flowmatch4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.flowmatch4j.io.AtomicFile;

/** The loss history of a training run as CSV: header {@code step,loss}, steps counted from 1. */
final class LossCsv {
  private LossCsv() {}

  /** Writes {@code losses[s]} as step {@code s + 1}, atomically. */
  static void write(Path file, float[] losses) throws IOException {
    StringBuilder sb = new StringBuilder(16 * losses.length + 16).append("step,loss\n");
    for (int s = 0; s < losses.length; s++) {
      sb.append(s + 1).append(',').append(losses[s]).append('\n');
    }
    AtomicFile.writeString(file, sb.toString());
  }
}
