package org.flowmatch4j.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps documentation and compiled examples in step: an example source marks the lines a page
 * shows with {@code // docs:begin NAME} and {@code // docs:end}, and {@link #assertShown} fails
 * unless the page contains each marked block verbatim (after removing the block's common
 * indentation). The examples run as tests, so the code a page shows compiles and works.
 */
public final class DocSnippets {
  private DocSnippets() {}

  /** The marked blocks of {@code source}, by name, de-indented. */
  public static Map<String, String> blocks(Path source) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    String name = null;
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(source)) {
      String t = line.strip();
      if (t.startsWith("// docs:begin ")) {
        name = t.substring("// docs:begin ".length()).strip();
        lines.clear();
      } else if (t.equals("// docs:end") && name != null) {
        out.put(name, dedent(lines));
        name = null;
      } else if (name != null) {
        lines.add(line);
      }
    }
    return out;
  }

  private static String dedent(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) {
        indent = Math.min(indent, l.length() - l.stripLeading().length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
    }
    return sb.toString();
  }

  /** Fails unless {@code page} shows every marked block of {@code source} verbatim. */
  public static void assertShown(Path source, Path page) throws IOException {
    Map<String, String> blocks = blocks(source);
    assertFalse(blocks.isEmpty(), source + " marks no docs:begin blocks");
    String doc = Files.readString(page);
    for (Map.Entry<String, String> b : blocks.entrySet()) {
      assertTrue(doc.contains(b.getValue()),
          page + " does not show the example '" + b.getKey() + "' of " + source + " as it is:\n" + b.getValue());
    }
  }
}
