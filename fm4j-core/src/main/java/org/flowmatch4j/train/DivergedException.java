package org.flowmatch4j.train;

/**
 * Training stopped because the loss became NaN or infinite: the optimisation diverged, usually
 * from too high a learning rate or unclipped gradients. Nothing is wrong with the data as such;
 * the run's options need changing.
 */
public final class DivergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The 1-based step at which the loss became non-finite. */
  private final int step;

  /**
   * @param objective the objective's name
   * @param loss the non-finite loss
   * @param step the 1-based step at which it appeared
   */
  public DivergedException(String objective, float loss, int step) {
    super(objective + ": training diverged, the loss became " + loss + " at step " + step
        + " (lower the learning rate or clip the gradients)");
    this.step = step;
  }

  /** The 1-based step at which the loss became non-finite. */
  public int step() {
    return step;
  }
}
