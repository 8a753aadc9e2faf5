package org.flowmatch4j.train;

/**
 * What a training run measured.
 *
 * @param losses the loss of every step of the run (resumed runs include the steps before)
 * @param seconds wall-clock seconds of the steps taken in this call
 * @param stepsTaken steps taken in this call
 */
public record TrainResult(float[] losses, double seconds, int stepsTaken) {
  /** This result with {@code extra} seconds more (work outside the steps, e.g. drawing up the training pairs). */
  public TrainResult plusSeconds(double extra) {
    return new TrainResult(losses, seconds + extra, stepsTaken);
  }

  /** Steps per second of this call. */
  public double stepsPerSecond() {
    return seconds > 0 ? stepsTaken / seconds : Double.NaN;
  }

  /** Milliseconds per step of this call. */
  public double msPerStep() {
    return stepsTaken > 0 ? 1000 * seconds / stepsTaken : Double.NaN;
  }

  /** Mean loss over the last {@code k} steps (or all, if fewer). */
  public double finalLoss(int k) {
    int n = losses.length;
    if (n == 0) {
      return Double.NaN;
    }
    int from = Math.max(0, n - k);
    double s = 0;
    for (int i = from; i < n; i++) {
      s += losses[i];
    }
    return s / (n - from);
  }
}
