package org.flowmatch4j.train;

/** Receives training progress: the CLI draws a progress bar from it, tests record losses. */
public interface TrainListener {
  /** Called once before the first step; {@code firstStep} > 0 when a run resumes. */
  default void onStart(String task, int firstStep, int totalSteps) {}

  /** Called after each completed step (1-based) with its loss. */
  default void onStep(int step, double loss) {}

  /** Called once when training ends, whether it finished or failed. */
  default void onEnd() {}

  /** A listener that ignores everything. */
  TrainListener NONE = new TrainListener() {};
}
