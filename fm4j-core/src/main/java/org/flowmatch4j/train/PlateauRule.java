package org.flowmatch4j.train;

/**
 * Early stopping when a validation loss L stops falling: L is evaluated after every {@code every}
 * steps; an evaluation improves when {@code L < (1 - tolerance) best}, the best being the lowest L
 * of the evaluations before it; training stops after the evaluation that makes {@code patience}
 * evaluations in a row without an improvement. The first evaluation always improves.
 *
 * <p>For example with every 10, patience 3 and tolerance 0.01, losses 10, 9, 8.95, 8.99, 8.93 at
 * steps 10 .. 50 stop training after step 50: 9 improves on 10, while 8.95, 8.99 and 8.93 are
 * all above 0.99 x 9 = 8.91.
 *
 * @param every steps between evaluations (>= 1)
 * @param patience evaluations without an improvement that stop training (>= 1)
 * @param tolerance relative fall that counts as an improvement, in [0, 1)
 */
public record PlateauRule(int every, int patience, double tolerance) {
  /** Checks the ranges. */
  public PlateauRule {
    if (every < 1 || patience < 1 || !(tolerance >= 0 && tolerance < 1)) {
      throw new IllegalArgumentException("a plateau rule needs every >= 1, patience >= 1 and 0 <= tolerance < 1, got "
          + every + ", " + patience + ", " + tolerance);
    }
  }

  /** Whether step {@code step} (1-based) is followed by an evaluation. */
  public boolean evaluatesAfter(int step) {
    return step % every == 0;
  }

  /** The rule's progress: the best loss so far and the evaluations since it improved. */
  public static final class Tracker {
    private final PlateauRule rule;
    private double best = Double.POSITIVE_INFINITY;
    private int since;

    /** A tracker before any evaluation. */
    public Tracker(PlateauRule rule) {
      this.rule = rule;
    }

    /** A tracker restored from its {@link #best} and {@link #since}. */
    public Tracker(PlateauRule rule, double best, int since) {
      this(rule);
      this.best = best;
      this.since = since;
    }

    /**
     * Takes the loss of the next evaluation; true when training stops after it. A non-finite
     * loss never improves.
     */
    public boolean add(double loss) {
      if (loss < (1 - rule.tolerance) * best) {
        best = loss;
        since = 0;
      } else {
        since++;
      }
      return stopped();
    }

    /** The rule tracked. */
    public PlateauRule rule() {
      return rule;
    }

    /** Whether the rule has stopped training. */
    public boolean stopped() {
      return since >= rule.patience;
    }

    /** The lowest loss that counted as an improvement (infinite before the first evaluation). */
    public double best() {
      return best;
    }

    /** Evaluations since the last improvement. */
    public int since() {
      return since;
    }
  }
}
