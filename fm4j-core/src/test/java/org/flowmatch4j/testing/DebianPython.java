package org.flowmatch4j.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's system interpreter with its packaged reference tools (anndata, POT, scikit-learn,
 * PyTorch), used by tests that check interoperability. {@code .ci/run} installs them; where they
 * are missing the test is skipped with a message.
 */
public final class DebianPython {
  private DebianPython() {}

  /** {@code /usr/bin/python3}, or the value of system property {@code fm4j.python}. */
  public static Path interpreter() {
    return Path.of(System.getProperty("fm4j.python", "/usr/bin/python3"));
  }

  /** Skips the calling test unless the interpreter can import every module named. */
  public static void require(String... modules) {
    Path py = interpreter();
    assumeTrue(Files.isExecutable(py), "skipped: " + py + " is absent");
    String imports = "import " + String.join(", ", modules);
    Result r = run(List.of(py.toString(), "-c", imports), 120);
    assumeTrue(r.exitCode == 0, "skipped: " + py + " cannot " + imports + ": " + r.stderr.strip());
  }

  /** Runs the interpreter with the arguments given and returns its exit code and streams. */
  public static Result python(int timeoutSeconds, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(interpreter().toString());
    cmd.addAll(List.of(args));
    return run(cmd, timeoutSeconds);
  }

  /** Exit code, standard output and standard error of a finished process. */
  public record Result(int exitCode, String stdout, String stderr) {}

  private static Result run(List<String> cmd, int timeoutSeconds) {
    try {
      Path out = Files.createTempFile("fm4j-py", ".out");
      Path err = Files.createTempFile("fm4j-py", ".err");
      try {
        Process p =
            new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError("timed out after " + timeoutSeconds + " s: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + cmd + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
