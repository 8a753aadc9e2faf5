package org.flowmatch4j.spark;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.flowmatch4j.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code fm4j spark <job>}: the atlas-scale jobs on Apache Spark. Errors are reported as by
 * {@code fm4j}: one sentence, exit 2 for bad input; an error inside a Spark task is reported by its
 * own message, not Spark's wrapper.
 */
@Command(
    name = "fm4j spark",
    mixinStandardHelpOptions = true,
    versionProvider = SparkMain.Version.class,
    description = {
      "Preprocessing, inference, distances and sampling of atlases too large for one JVM, on Apache",
      "Spark: in local mode through the fm4j launcher, or on a cluster through spark-submit --class",
      "org.flowmatch4j.spark.SparkMain fm4j-spark.jar <job> ...",
      "Jobs joined by --then run one after the other in one Spark session (Spark starts once), e.g.",
      "  fm4j spark preprocess atlas.h5ad --out pca.parquet --pcs 20 \\",
      "    --then predict pca.parquet --model M --out pushed",
      "preprocess without --out hands its cells in memory to the next job, given without INPUT",
      "(nothing written between them):",
      "  fm4j spark preprocess atlas.h5ad --pcs 20 --then predict --model M --out pushed"
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      ToParquetJob.class,
      PreprocessJob.class,
      PredictJob.class,
      DistanceJob.class,
      SampleJob.class
    })
public final class SparkMain implements Runnable {
  /** The word between jobs that run one after the other in one Spark session. */
  static final String THEN = "--then";

  /** The system property of the kernels' thread count ({@link org.flowmatch4j.tensor.Parallel}). */
  static final String THREADS = "fm4j.threads";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    if (System.getProperty(THREADS) == null) {
      // Spark's tasks are the parallelism: each runs the kernels on its own thread
      System.setProperty(THREADS, "1");
    }
    int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    scala.Option<SparkSession> session = SparkSession.getActiveSession();
    if (session.isDefined()) {
      session.get().stop();
    }
    System.exit(code);
  }

  /**
   * Runs the jobs of {@code args} with the given streams and returns the exit code; the Spark
   * session is left running (tests share one). Jobs separated by {@value #THEN} run one after the
   * other in one session, each only when the one before succeeded; the exit code is that of the
   * first that failed, else 0. A {@code preprocess} job without {@code --out} hands its cells to
   * the next job, which has no INPUT ({@link Chain}).
   */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    List<String[]> jobs = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= args.length; i++) {
      if (i == args.length || args[i].equals(THEN)) {
        if (i == from && args.length > 0) {
          err.println("fm4j spark: " + THEN + " must stand between two jobs, e.g. preprocess A.h5ad --out B " + THEN + " predict B ...");
          err.flush();
          return Main.EXIT_BAD_INPUT;
        }
        jobs.add(Arrays.copyOfRange(args, from, i));
        from = i + 1;
      }
    }
    for (int j = 1; j < jobs.size(); j++) {
      if (Arrays.stream(jobs.get(j)).anyMatch(a -> a.equals("--master") || a.startsWith("--master="))) {
        err.println("fm4j spark: --master applies to every job after " + THEN + " too; give it to the first job only");
        err.flush();
        return Main.EXIT_BAD_INPUT;
      }
    }
    String chain = Chain.check(jobs);
    if (chain != null) {
      err.println(chain);
      err.flush();
      return Main.EXIT_BAD_INPUT;
    }
    try {
      for (String[] job : jobs) {
        boolean takes = Chain.pending();
        int code = executeJob(job, out, err);
        if (takes) {
          Chain.clear();
        }
        if (code != 0) {
          return code;
        }
      }
      return 0;
    } finally {
      Chain.clear();
    }
  }

  private static int executeJob(String[] args, PrintWriter out, PrintWriter err) {
    boolean debug = Arrays.asList(args).contains("--debug");
    CommandLine cl = Main.commandLine(new SparkMain(), debug);
    CommandLine.IExecutionExceptionHandler fm4j = cl.getExecutionExceptionHandler();
    cl.setExecutionExceptionHandler((ex, c, parsed) -> fm4j.handleExecutionException(SparkErrors.unwrap(ex), c, parsed));
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  /** The version of the fm4j jar on the class path. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SparkMain.class.getPackage().getImplementationVersion();
      return new String[] {"fm4j spark " + (v == null ? "(development build)" : v) + ", Apache Spark " + SparkSession.class.getPackage().getImplementationVersion()};
    }
  }
}
