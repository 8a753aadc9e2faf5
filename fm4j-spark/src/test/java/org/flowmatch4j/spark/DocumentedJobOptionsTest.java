package org.flowmatch4j.spark;

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
 * Every option that the README, {@code examples/README.md}, the pages of {@code docs/} and the
 * scripts of {@code bench/} give to a job of {@code fm4j spark} is an option of that job, in every
 * job of a {@code --then} chain: in code blocks and scripts (a line with its continuation lines)
 * and in inline code spans of the prose, up to a comment, a pipe or the next command.
 */
class DocumentedJobOptionsTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern END = Pattern.compile("\\s#\\s|\\s\\|\\s|\\|\\||&&|;|(?<![\\w/-])(?:\\./)?fm4j\\b");
  private static final Pattern THEN = Pattern.compile("(?<![\\w-])--then\\s+");

  private final CommandLine spark = new CommandLine(new SparkMain());
  private final Pattern invocation =
      Pattern.compile("fm4j\"? spark (" + String.join("|", spark.getSubcommands().keySet()) + ")(?![\\w-])");
  private final List<String> unknown = new ArrayList<>();
  private int checked;

  @Test
  void everyDocumentedOptionExistsInItsJob() throws IOException {
    for (DocumentedCommands.Snippet s : DocumentedCommands.ofProject(ROOT)) {
      check(s.file(), s.line(), s.text());
    }
    assertTrue(checked > 20, "only " + checked + " jobs of fm4j spark found in the documentation");
    assertEquals(List.of(), unknown);
  }

  /** Checks every job of every {@code fm4j spark} invocation in {@code text}. */
  private void check(Path file, int line, String text) {
    Matcher m = invocation.matcher(text);
    while (m.find()) {
      String rest = text.substring(m.start(1));
      Matcher end = END.matcher(rest);
      String jobs = end.find() ? rest.substring(0, end.start()) : rest;
      for (String job : THEN.split(jobs)) {
        String name = job.strip().split("\\s+")[0];
        CommandLine command = spark.getSubcommands().get(name);
        if (command == null) {
          continue; // prose after --then, not a job
        }
        checked++;
        for (String option : DocumentedCommands.options(job)) {
          if (command.getCommandSpec().findOption(option) == null) {
            unknown.add(ROOT.relativize(file) + ":" + line + ": fm4j spark " + name + " has no option " + option);
          }
        }
      }
    }
  }
}
