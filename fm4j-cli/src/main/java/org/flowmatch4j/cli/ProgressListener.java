package org.flowmatch4j.cli;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.flowmatch4j.train.TrainListener;

/** Draws training progress on stderr: a bar with steps/s and the running mean of the loss. */
final class ProgressListener implements TrainListener {
  private final PrintStream err;
  private final boolean quiet;
  private ProgressBar bar;
  private double lossSum;
  private int lossCount;

  ProgressListener(PrintStream err, boolean quiet) {
    this.err = err;
    this.quiet = quiet;
  }

  @Override
  public void onStart(String task, int firstStep, int totalSteps) {
    if (quiet) {
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
    }
  }

  @Override
  public void onEnd() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
