package org.flowmatch4j.nn;

/**
 * A learning rate as a function of the optimiser step {@code s = 0, 1, 2, ...} (the index of the
 * step about to be taken: {@code adam.step(schedule.lr(adam.steps()))}). The records are also the
 * configuration; compose them, for example {@code new Warmup(1000, new Cosine(1e-3, 1e-5,
 * 99_000))}.
 */
public sealed interface LrSchedule
    permits LrSchedule.Constant, LrSchedule.Cosine, LrSchedule.Warmup {

  /** The learning rate for step s (s >= 0). */
  double lr(long step);

  /** The same rate at every step. */
  record Constant(double lr) implements LrSchedule {
    /** Validates the rate. */
    public Constant {
      if (!(lr >= 0)) {
        throw new IllegalArgumentException("learning rate must be >= 0, got " + lr);
      }
    }

    @Override
    public double lr(long step) {
      return lr;
    }
  }

  /**
   * Cosine decay from {@code lr} at step 0 to {@code minLr} at step {@code steps}, then constant:
   * {@code minLr + (lr - minLr) (1 + cos(pi min(s, steps) / steps)) / 2} (PyTorch's
   * CosineAnnealingLR with T_max = steps and eta_min = minLr, without restarts).
   */
  record Cosine(double lr, double minLr, long steps) implements LrSchedule {
    /** Validates the fields. */
    public Cosine {
      if (!(lr >= 0) || !(minLr >= 0) || steps < 1) {
        throw new IllegalArgumentException(
            "cosine schedule needs lr >= 0, minLr >= 0, steps >= 1; got lr=" + lr + ", minLr="
                + minLr + ", steps=" + steps);
      }
    }

    @Override
    public double lr(long step) {
      double s = Math.min(step, steps);
      return minLr + (lr - minLr) * (1 + Math.cos(Math.PI * s / steps)) / 2;
    }
  }

  /**
   * Linear warm-up over {@code steps} steps into another schedule: {@code after.lr(0) (s + 1) /
   * steps} for {@code s < steps}, then {@code after.lr(s - steps)}.
   */
  record Warmup(long steps, LrSchedule after) implements LrSchedule {
    /** Validates the fields. */
    public Warmup {
      if (steps < 1 || after == null) {
        throw new IllegalArgumentException(
            "warm-up needs steps >= 1 and a schedule to follow; got steps=" + steps);
      }
    }

    @Override
    public double lr(long step) {
      if (step < steps) {
        return after.lr(0) * (step + 1) / steps;
      }
      return after.lr(step - steps);
    }
  }
}
