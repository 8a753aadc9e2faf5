package org.flowmatch4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The code a user is shown, for tests that check it against the command line: every line of a
 * Markdown code block and of a shell script (with the lines a trailing backslash continues it into),
 * and every inline code span of a page's prose (which may run over a line break), each with its file
 * and line.
 */
public final class DocumentedCommands {
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

  /** A piece of code, {@code text}, shown at {@code line} of {@code file}. */
  public record Snippet(Path file, int line, String text) {}

  private DocumentedCommands() {}

  /** The snippets of the Markdown {@code pages} and the shell {@code scripts}, in file order. */
  public static List<Snippet> of(List<Path> pages, List<Path> scripts) throws IOException {
    List<Snippet> out = new ArrayList<>();
    for (Path page : pages) {
      markdown(page, out);
    }
    for (Path script : scripts) {
      List<String> lines = Files.readAllLines(script);
      for (int i = 0; i < lines.size(); i++) {
        out.add(new Snippet(script, i + 1, withContinuations(lines, i)));
      }
    }
    return out;
  }

  /** An option as a command line names it, e.g. {@code --wfr-delta}. */
  public static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");

  /**
   * The snippets a user of the project at {@code root} is shown: its README, {@code
   * examples/README.md}, the pages of {@code docs/} and the scripts of {@code bench/}.
   */
  public static List<Snippet> ofProject(Path root) throws IOException {
    List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("examples/README.md")));
    pages.addAll(list(root.resolve("docs"), ".md"));
    return of(pages, list(root.resolve("bench"), ".sh"));
  }

  /** The options named in {@code args}, in order. */
  public static List<String> options(String args) {
    List<String> out = new ArrayList<>();
    Matcher m = OPTION.matcher(args);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** The files of {@code dir} whose names end with {@code suffix}, sorted. */
  public static List<Path> list(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  /** Code blocks line by line, the prose's inline code spans whole. */
  private static void markdown(Path page, List<Snippet> out) throws IOException {
    List<String> lines = Files.readAllLines(page);
    StringBuilder prose = new StringBuilder();
    boolean inBlock = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("```")) {
        inBlock = !inBlock;
        line = "";
      } else if (inBlock) {
        out.add(new Snippet(page, i + 1, withContinuations(lines, i)));
        line = "";
      }
      prose.append(line).append('\n');
    }
    Matcher span = CODE_SPAN.matcher(prose);
    while (span.find()) {
      int line = (int) prose.substring(0, span.start()).chars().filter(c -> c == '\n').count() + 1;
      out.add(new Snippet(page, line, span.group(1).replace('\n', ' ')));
    }
  }

  /** Line {@code i} with the lines that a trailing backslash continues it into. */
  private static String withContinuations(List<String> lines, int i) {
    StringBuilder s = new StringBuilder(lines.get(i));
    while (s.toString().stripTrailing().endsWith("\\") && i + 1 < lines.size()) {
      s.append(' ').append(lines.get(++i));
    }
    return s.toString();
  }
}
