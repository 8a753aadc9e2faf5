package org.flowmatch4j.tasks.trajectory;

import org.flowmatch4j.tensor.Matrix;

/**
 * Leave-one-out result for one held-out time point k.
 *
 * @param k the held-out time point
 * @param time its observed time
 * @param seeds the seeds trained
 * @param w1 exact W1 between the pushed cells of k - 1 and the real cells of k, per seed
 * @param noMotion the "no motion" baseline
 * @param otInterpolation the McCann interpolation baseline
 * @param msPerStep training milliseconds per step, per seed (wall clock)
 * @param cpuMsPerStep CPU milliseconds of the process per training step, per seed ({@link
 *     ProcessCpu}; all threads, from the start of training, metric and plans included, to its end)
 * @param prediction the pushed cells of the first seed
 * @param model the model of the first seed
 */
public record HoldoutResult(
    int k, double time, long[] seeds, double[] w1, double noMotion, double otInterpolation, double[] msPerStep,
    double[] cpuMsPerStep,
    Matrix prediction, TrajectoryModel model) {

  /** Mean W1 over seeds. */
  public double w1Mean() {
    return Stats.mean(w1);
  }

  /** Sample standard deviation of W1 over seeds (0 for one seed). */
  public double w1Std() {
    return Stats.std(w1);
  }
}
