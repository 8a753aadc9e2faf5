package org.flowmatch4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.flowmatch4j.train.DivergedException;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.tensor.Kernels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code fm4j} command. Subcommands do the work; this class only wires them together and
 * turns failures into the command-line contract (docs/errors.md): bad input ends with one sentence
 * on stderr and exit code 2, training that diverged with exit code 3, an internal failure with
 * exit code 1, and {@code --debug} shows the stack trace.
 */
@Command(
    name = "fm4j",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Flow matching and virtual-cell modelling on the JVM.",
    subcommands = {
      CommandLine.HelpCommand.class,
      InspectCommand.class,
      PreprocessCommand.class,
      BenchCommand.class,
      ToyCommand.class,
      TrajectoryCommand.class,
      PerturbCommand.class,
      GenerateCommand.class,
      SpatialCommand.class,
      DistanceCommand.class,
      LikelihoodCommand.class,
      NfeTableCommand.class
    })
public final class Main implements Runnable {

  /** Exit code for bad input: a missing file, a wrong key, an impossible option. */
  public static final int EXIT_BAD_INPUT = 2;

  /** Exit code for an internal failure. */
  public static final int EXIT_INTERNAL = 1;

  /** Exit code for training that diverged (the loss became NaN or infinite): the options need changing. */
  public static final int EXIT_DIVERGED = 3;

  /**
   * Said once on stderr when the JVM runs without the Vector API module: the library then runs its
   * scalar loops ({@link Kernels#vectorAvailable()}), which give the same results more slowly.
   */
  static final String SCALAR_NOTE =
      "fm4j: note: the module jdk.incubator.vector is absent, so the scalar kernels run (slower);"
          + " start java with --add-modules jdk.incubator.vector (the fm4j launcher does)";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    if (!Kernels.vectorAvailable()) {
      System.err.println(SCALAR_NOTE);
    }
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams and returns the exit code (used by tests). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    boolean debug = false;
    for (String a : args) {
      if (a.equals("--debug")) {
        debug = true;
      }
    }
    CommandLine cl = commandLine(debug);
    cl.setOut(out);
    cl.setErr(err);
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      if (debug) {
        e.printStackTrace(err);
      }
      err.println(outOfMemory(Runtime.getRuntime().maxMemory()));
      err.flush();
      return EXIT_INTERNAL;
    }
  }

  /** The one-line message when the Java heap of {@code maxHeap} bytes is too small for a run. */
  static String outOfMemory(long maxHeap) {
    return "fm4j: out of memory: the Java heap (at most " + (maxHeap >> 20) + " MiB) is too small for this input;"
        + " give it more with FM4J_JAVA_OPTS=-Xmx<size> (e.g. -Xmx8g)";
  }

  static CommandLine commandLine(boolean debug) {
    return commandLine(new Main(), debug);
  }

  /**
   * A command line for {@code command} that handles errors as {@code fm4j} does: one sentence on
   * stderr, exit {@value #EXIT_BAD_INPUT} for bad input, stack traces only with {@code --debug}.
   */
  public static CommandLine commandLine(Object command, boolean debug) {
    CommandLine cl = new CommandLine(command);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    CliEnum.register(cl);
    cl.setUsageHelpWidth(100);
    System.setProperty("java.awt.headless", "true");
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (debug) {
            ex.printStackTrace(err);
          }
          err.println(commandLine.getCommandSpec().qualifiedName() + ": " + message(ex));
          err.flush();
          return exitCode(ex);
        });
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          if (debug) {
            ex.printStackTrace(err);
          }
          err.println(ex.getCommandLine().getCommandSpec().qualifiedName() + ": " + ex.getMessage()
              + " (see --help)");
          err.flush();
          return EXIT_BAD_INPUT;
        });
    return cl;
  }

  /** The exit code of a command that failed with {@code ex}. */
  static int exitCode(Throwable ex) {
    if (ex instanceof DivergedException) {
      return EXIT_DIVERGED;
    }
    return isBadInput(ex) ? EXIT_BAD_INPUT : EXIT_INTERNAL;
  }

  /** Bad input: an illegal argument, or a file that cannot be read or written. */
  static boolean isBadInput(Throwable ex) {
    return ex instanceof IllegalArgumentException
        || ex instanceof IOException
        || ex instanceof UncheckedIOException;
  }

  /** The one-line message of a failure, with each setting of the library spelled as its flag. */
  static String message(Throwable ex) {
    String m = ex instanceof InvalidSettingException s ? s.message(Main::flag) : ex.getMessage();
    if (ex instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + m;
    }
    if (ex instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + m;
    }
    if (m == null || m.isBlank()) {
      return ex.getClass().getSimpleName() + " (run with --debug for the stack trace)";
    }
    return m.replace('\n', ' ');
  }

  /** The flag of a setting of the library: {@code weight-decay} is {@code --weight-decay}. */
  static String flag(String setting) {
    return "--" + setting;
  }

  /** Reads the version that Maven wrote into {@code version.properties}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "fm4j " + p.getProperty("version", "unknown"),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
        "kernels: " + (Kernels.vectorAvailable() ? "vector (jdk.incubator.vector)" : "scalar (jdk.incubator.vector absent)")
      };
    }
  }
}
