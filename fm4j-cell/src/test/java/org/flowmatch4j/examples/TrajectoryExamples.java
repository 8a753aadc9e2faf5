package org.flowmatch4j.examples;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.flowmatch4j.tasks.trajectory.TrajectoryFlow;
import org.flowmatch4j.tasks.trajectory.TrajectoryInference;
import org.flowmatch4j.tensor.Matrix;

/**
 * The trajectory example of {@code docs/library.md}; the block between {@code docs:begin} and
 * {@code docs:end} is shown there verbatim ({@link TrajectoryExamplesTest}).
 */
final class TrajectoryExamples {
  private TrajectoryExamples() {}

  /** Cells of day t around (t, 2 sin t) with sd 0.2, 200 per day, days 0 to 3. */
  static float[][] cells(double[] days) {
    SplittableRandom rng = new SplittableRandom(11);
    float[][] cells = new float[days.length][];
    for (int i = 0; i < days.length; i++) {
      double t = days[i];
      cells[i] = new float[] {(float) (t + 0.2 * rng.nextGaussian()), (float) (2 * Math.sin(t) + 0.2 * rng.nextGaussian())};
    }
    return cells;
  }

  static double[] days() {
    double[] days = new double[800];
    for (int i = 0; i < days.length; i++) {
      days[i] = i / 200;
    }
    return days;
  }

  /** Fits the time course, carries the day-1 cells to day 2 and keeps the flow in {@code dir}. */
  static Matrix predictDay2(Path dir) {
    double[] days = days();
    float[][] cells = cells(days);
    float[][] day1 = java.util.Arrays.copyOfRange(cells, 200, 400);
    // docs:begin trajectory
    // cells[i] (one row per cell, any number of genes or components) was observed on day days[i]
    TrajectoryFlow flow = TrajectoryInference.builder().steps(300).seed(1).fit(cells, days);
    Matrix day2 = flow.predict(Matrix.of(day1), 1, 2);   // the day-1 cells carried to day 2
    flow.save(dir.resolve("trajectory.fm4j"));
    TrajectoryFlow again = TrajectoryFlow.load(dir.resolve("trajectory.fm4j"));
    // docs:end
    if (!again.predict(Matrix.of(day1), 1, 2).equals(day2)) {
      throw new AssertionError("the loaded flow predicts differently");
    }
    return day2;
  }
}
