package org.flowmatch4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.flowmatch4j.io.AtomicFile;

/**
 * JSON for results: one compact line on stdout (the last line a command prints with
 * {@code --json}), or an indented file. Maps keep their insertion order; non-finite numbers are
 * written as {@code NaN} / {@code Infinity} rather than failing.
 */
public final class JsonOutput {
  private static final Gson COMPACT = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();
  private static final Gson PRETTY =
      new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping().setPrettyPrinting().create();

  private JsonOutput() {}

  /** One line of JSON. */
  public static String line(Object value) {
    return COMPACT.toJson(value);
  }

  /** Prints {@code value} as one JSON line and flushes. */
  public static void print(PrintWriter out, Object value) {
    out.println(line(value));
    out.flush();
  }

  /** Writes {@code value} as indented JSON to {@code file}, atomically. */
  public static void write(Path file, Object value) throws IOException {
    AtomicFile.writeString(file, PRETTY.toJson(value) + "\n");
  }
}
