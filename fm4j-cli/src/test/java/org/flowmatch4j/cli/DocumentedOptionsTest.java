package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowmatch4j.testing.DocumentedCommands;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every option that the README, the pages of {@code docs/}, {@code examples/README.md} and the
 * scripts of {@code bench/} give to an {@code fm4j} command is an option of that command: in code
 * blocks (a line with its continuation lines) and in inline code spans of the prose, up to a comment,
 * a pipe or the next command.
 */
class DocumentedOptionsTest {
  private static final Path ROOT = Path.of("..");
  /** Where an invocation's own arguments end: a comment, a pipe, a chained command or the next invocation. */
  private static final Pattern END = Pattern.compile("\\s#\\s|\\s\\|\\s|\\|\\||&&|;|--then\\b|(?<![\\w/-])(?:\\./)?fm4j\\b");

  private final CommandLine main = Main.commandLine(false);
  /** A command name, or {@code bench} and a benchmark, after {@code fm4j} (a script's {@code "$root/fm4j"} too). */
  private final Pattern invocation = invocationPattern(main);
  private final List<String> unknown = new ArrayList<>();
  private int checked;

  private static Pattern invocationPattern(CommandLine main) {
    List<String> names = new ArrayList<>();
    for (String bench : main.getSubcommands().get("bench").getSubcommands().keySet()) {
      names.add("bench " + Pattern.quote(bench));
    }
    for (String name : main.getSubcommands().keySet()) {
      if (!name.equals("help")) {
        names.add(Pattern.quote(name));
      }
    }
    return Pattern.compile("fm4j\"? (" + String.join("|", names) + ")(?![\\w-])");
  }

  @Test
  void everyDocumentedOptionExistsInItsCommand() throws IOException {
    for (DocumentedCommands.Snippet s : DocumentedCommands.ofProject(ROOT)) {
      check(s.file(), s.line(), s.text());
    }
    assertTrue(checked > 100, "only " + checked + " invocations of fm4j found in the documentation");
    assertEquals(List.of(), unknown);
  }

  /** Checks every invocation of an fm4j command in {@code text}. */
  private void check(Path file, int line, String text) {
    Matcher m = invocation.matcher(text);
    while (m.find()) {
      checked++;
      String rest = text.substring(m.end());
      Matcher end = END.matcher(rest);
      String args = end.find() ? rest.substring(0, end.start()) : rest;
      CommandLine command = main;
      for (String name : m.group(1).split(" ")) {
        command = command.getSubcommands().get(name);
      }
      for (String option : DocumentedCommands.options(args)) {
        if (command.getCommandSpec().findOption(option) == null) {
          unknown.add(ROOT.relativize(file) + ":" + line + ": fm4j " + m.group(1) + " has no option " + option);
        }
      }
    }
  }
}
