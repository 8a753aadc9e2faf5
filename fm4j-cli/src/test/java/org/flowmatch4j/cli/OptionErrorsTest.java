package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flowmatch4j.tensor.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad options and paths: one sentence naming the option and value, exit code 2, nothing left behind. */
class OptionErrorsTest {
  @TempDir Path dir;
  private final CliRun cli = new CliRun();

  private Path course() throws IOException {
    return CliRun.timeCourse(dir.resolve("course.csv"), 1);
  }

  @Test
  void sigmaIsRefusedForAMatcherWhosePathHasNoWidth() throws IOException {
    String data = course().toString();
    Path o = dir.resolve("o");
    cli.assertBadInput("--sigma does not apply to --matcher rf: its path has no width", "trajectory", "--data", data,
        "--time-key", "day", "--matcher", "rf", "--sigma", "0.2", "--out", o.toString());
    cli.assertBadInput("--sigma does not apply to --matcher wfr: its paths are the WFR geodesics between the pairs",
        "trajectory", "--demo", "--matcher", "wfr", "--sigma", "0.2", "--out", o.toString());
    cli.assertBadInput("--sigma does not apply to --matcher vp: its path has no width", "toy", "--matcher", "vp",
        "--sigma", "0.2", "--out", o.toString());
    cli.assertBadInput("--sigma does not apply to --matcher rf", "perturb", "--data", "missing.h5ad",
        "--holdout-condition", "s", "--matcher", "rf", "--sigma", "0.2", "--out", o.toString());
    cli.assertBadInput("--sigma does not apply to --matcher rf", "generate", "--data", "missing.h5ad", "--matcher",
        "rf", "--sigma", "0.2", "--out", o.toString());
    assertFalse(Files.exists(o), "no output");
  }

  @Test
  void rangeErrorsNameTheOptionAndTheValue() throws IOException {
    String data = course().toString();
    String o = dir.resolve("o").toString();
    cli.assertBadInput("--steps must be >= 1, got 0", "trajectory", "--data", data, "--time-key", "day", "--steps", "0",
        "--out", o);
    cli.assertBadInput("--lr must be a finite number > 0, got -1.0", "trajectory", "--data", data, "--time-key", "day",
        "--lr", "-1", "--out", o);
    cli.assertBadInput("--width must be >= 1, got 0", "toy", "--width", "0", "--steps", "5");
    cli.assertBadInput("--samples must be >= 2, got 1", "toy", "--samples", "1", "--steps", "5");
    cli.assertBadInput("--nfe 0: euler uses 1 evaluations per step, so --nfe must be a positive multiple of 1",
        "trajectory", "--data", data, "--time-key", "day", "--solver", "euler", "--nfe", "0", "--out", o);
    cli.assertBadInput("--tol must be a finite number > 0, got 0.0", "toy", "--solver", "dopri5", "--tol", "0");
    cli.assertBadInput("--epsilon must be a finite number > 0, got -1.0", "toy", "--coupling", "sinkhorn",
        "--epsilon", "-1");
    cli.assertBadInput("--tau-a and --tau-b must lie in (0, 1], got 2.0 and 0.9", "toy", "--coupling", "unbalanced",
        "--tau-a", "2");
  }

  @Test
  void threadsAreCappedAtAMultipleOfTheCores() {
    int before = Parallel.threads();
    try {
      cli.run("distance", "--a", "x", "--b", "x", "--threads", "100000", "--metric", "w1");
      int cap = RunOptions.MAX_THREADS_PER_CORE * Runtime.getRuntime().availableProcessors();
      assertTrue(cli.err().contains("--threads 100000 is more than " + RunOptions.MAX_THREADS_PER_CORE
          + " per core"), cli.err());
      assertTrue(cli.err().contains("using " + cap), cli.err());
      assertEquals(cap, Parallel.threads());
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void matcherListsAndAcceptsOnlyWhatTheCommandRuns() throws IOException {
    String e = cli.assertBadInput("expected one of icfm, otcfm, sbcfm, rf", "trajectory", "--matcher", "vp", "--demo",
        "--out", dir.resolve("o").toString());
    assertTrue(e.contains("--matcher"), e);
    cli.run("trajectory", "--help");
    assertTrue(cli.out().contains("Method: icfm, otcfm, sbcfm, rf"), cli.out());
    assertFalse(cli.out().contains("vp"), cli.out());
    cli.run("perturb", "--help");
    assertTrue(cli.out().contains("Method: icfm, otcfm, sbcfm, rf"), cli.out());
  }

  @Test
  void fitAllWithAHoldoutIsAnError() throws IOException {
    Path o = dir.resolve("both");
    cli.assertBadInput("--fit-all and --holdout 1 are two protocols; give one of them", "trajectory", "--data",
        course().toString(), "--time-key", "day", "--fit-all", "--holdout", "1", "--steps", "5", "--out", o.toString());
    assertFalse(Files.exists(o));
  }

  @Test
  void pathsAreCheckedBeforeAnyWork() throws IOException {
    cli.assertBadInput("--data " + dir + ": is a directory, expected a file", "trajectory", "--data", dir.toString(),
        "--out", dir.resolve("o").toString());
    cli.assertBadInput("TOY_JSON " + dir + ": is a directory, expected a file", "nfe-table", dir.toString());
    cli.assertBadInput("--a " + dir + ": is a directory, expected a file", "distance", "--a", dir.toString(), "--b",
        dir.toString(), "--metric", "w1");
    cli.assertBadInput("--out: expected a directory name, got an empty string", "trajectory", "--data",
        course().toString(), "--time-key", "day", "--out", "");
    cli.assertBadInput("--out: expected a directory name, got an empty string", "toy", "--steps", "5", "--out", "");
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    cli.assertBadInput("--out " + file.resolve("sub") + ": cannot create this directory (not a directory: "
        + file.resolve("sub") + ")", "toy", "--steps", "5", "--out", file.resolve("sub").toString());
    cli.assertBadInput("--out " + file + ": is a file, expected a directory", "toy", "--steps", "5", "--out",
        file.toString());
    cli.assertBadInput("--nfe-sweep must be >= 1, got 0", "toy", "--steps", "5", "--nfe-sweep", "2,0");
    cli.assertBadInput("--nfe-sweep must be >= 1, got 0", "trajectory", "--data", course().toString(), "--time-key",
        "day", "--nfe-sweep", "0", "--out", dir.resolve("o").toString());
    assertFalse(Files.exists(dir.resolve("o")));
  }

  @Test
  @Timeout(120) // 100000 training steps would run far longer
  void outInProcIsAClearSentenceBeforeTraining() throws IOException {
    Path proc = Path.of("/proc/fm4j-out");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "a Linux /proc");
    cli.assertBadInput("--out /proc/fm4j-out: cannot create this directory (/proc does not accept new entries)",
        "toy", "--steps", "100000", "--out", proc.toString());
    Path any = Files.writeString(dir.resolve("any.csv"), "x\n1\n");
    cli.assertBadInput("--out /proc/fm4j-out: cannot write there (/proc does not accept new entries)",
        "likelihood", "--model", any.toString(), "--data", any.toString(), "--out", proc.toString());
  }

  @Test
  void noEmptyOutputDirectoryIsLeftWhenTheInputIsBad() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.csv"), "day,x\n0,1\n1,2\n");
    Path o = dir.resolve("new/out");
    cli.assertBadInput("leave-one-out needs at least 3 time points", "trajectory", "--data", bad.toString(),
        "--time-key", "day", "--steps", "5", "--out", o.toString());
    assertFalse(Files.exists(dir.resolve("new")), "no empty DIR or DIR/models");
  }

  @Test
  void preprocessSaysWhatItReadsAndTakesDebug() throws IOException {
    Path npy = Files.write(dir.resolve("x.npy"), new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    cli.assertBadInput("FILE " + npy + ": a NumPy array has no gene names or cell annotations", "preprocess",
        npy.toString(), "--out", dir.resolve("p.h5ad").toString());
    assertEquals(Main.EXIT_BAD_INPUT, cli.run("preprocess", npy.toString(), "--out", dir.resolve("p.h5ad").toString(),
        "--debug"));
    assertTrue(cli.err().contains("at org.flowmatch4j.cli.PreprocessCommand"), "a stack trace: " + cli.err());
    cli.assertBadInput("--out: expected a file name, got an empty string", "preprocess", course().toString(),
        "--out", "");
    assertEquals(Main.EXIT_BAD_INPUT, cli.run("inspect", npy.toString() + ".missing", "--debug"));
    assertTrue(cli.err().contains("\tat "), "inspect takes --debug too: " + cli.err());
  }
}
