package org.flowmatch4j.tasks.trajectory;

/**
 * Fit-all result: the cells of the first time point pushed through the flow learned on every
 * time point, compared with each later snapshot.
 *
 * @param seeds the seeds trained
 * @param w1 {@code w1[s][k - 1]}: exact W1 at time point k for seed s
 * @param noMotion W1 between the first snapshot and snapshot k
 * @param msPerStep training milliseconds per step, per seed
 * @param model the model of the first seed
 */
public record FitAllResult(long[] seeds, double[][] w1, double[] noMotion, double[] msPerStep, TrajectoryModel model) {
  /** Mean W1 over seeds at time point k (k >= 1). */
  public double w1Mean(int k) {
    return Stats.mean(column(k));
  }

  /** Standard deviation of W1 over seeds at time point k. */
  public double w1Std(int k) {
    return Stats.std(column(k));
  }

  /** W1 of every seed at time point k. */
  public double[] column(int k) {
    double[] c = new double[w1.length];
    for (int s = 0; s < c.length; s++) {
      c[s] = w1[s][k - 1];
    }
    return c;
  }
}
