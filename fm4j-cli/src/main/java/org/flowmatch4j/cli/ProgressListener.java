package org.flowmatch4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.flowmatch4j.train.TrainListener;

/**
 * Shows training progress on stderr. On a terminal: a bar with steps/s and the running mean of the
 * loss, redrawn in place. Elsewhere (a file, a pipe, a log): one plain line every
 * {@link #LINE_INTERVAL_NANOS} nanoseconds and one at the end, never carriage returns.
 */
final class ProgressListener implements TrainListener {
  /** Time between plain progress lines when stderr is not a terminal (5 s). */
  static final long LINE_INTERVAL_NANOS = 5_000_000_000L;

  private final PrintStream err;
  private final boolean quiet;
  private final boolean terminal;
  private final long lineIntervalNanos;
  private ProgressBar bar;
  private double lossSum;
  private int lossCount;
  private String task;
  private int total;
  private int firstStep;
  private long startNanos;
  private long lastLineNanos;

  ProgressListener(PrintStream err, boolean quiet) {
    this(err, quiet, stderrIsTerminal(), LINE_INTERVAL_NANOS);
  }

  /**
   * @param terminal draw a bar (true) or print plain lines (false)
   * @param lineIntervalNanos time between plain lines
   */
  ProgressListener(PrintStream err, boolean quiet, boolean terminal, long lineIntervalNanos) {
    this.err = err;
    this.quiet = quiet;
    this.terminal = terminal;
    this.lineIntervalNanos = lineIntervalNanos;
  }

  /** Whether stderr is a terminal: on Linux where file descriptor 2 points; elsewhere whether a console is attached. */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }

  @Override
  public void onStart(String task, int firstStep, int totalSteps) {
    lossSum = 0;
    lossCount = 0;
    if (quiet) {
      return;
    }
    if (!terminal) {
      this.task = task;
      this.total = totalSteps;
      this.firstStep = firstStep;
      startNanos = System.nanoTime();
      lastLineNanos = startNanos;
      err.println(task + ": " + (firstStep > 0 ? "resuming at step " + firstStep + " of " : "training ") + totalSteps
          + " steps");
      err.flush();
      return;
    }
    bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(totalSteps)
            .startsFrom(firstStep, java.time.Duration.ZERO)
            .setConsumer(new ConsoleProgressBarConsumer(err))
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(250)
            .setUnit(" steps", 1)
            .showSpeed(new DecimalFormat("#"))
            .setSpeedUnit(ChronoUnit.SECONDS)
            .build();
  }

  @Override
  public void onStep(int step, double loss) {
    lossSum += loss;
    lossCount++;
    if (bar != null) {
      bar.stepTo(step);
      if (lossCount >= 50 || step == bar.getMax()) {
        bar.setExtraMessage(String.format(" loss %.4g", lossSum / lossCount));
        lossSum = 0;
        lossCount = 0;
      }
    } else if (task != null) {
      long now = System.nanoTime();
      if (now - lastLineNanos >= lineIntervalNanos || step == total) {
        double seconds = (now - startNanos) / 1e9;
        err.println(String.format(Locale.ROOT, "%s: step %d/%d (%.0f%%), %.3g steps/s, loss %.4g", task, step, total,
            100.0 * step / total, seconds > 0 ? (step - firstStep) / seconds : 0, lossSum / lossCount));
        err.flush();
        lastLineNanos = now;
        lossSum = 0;
        lossCount = 0;
      }
    }
  }

  @Override
  public void onEnd() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    task = null;
  }
}
