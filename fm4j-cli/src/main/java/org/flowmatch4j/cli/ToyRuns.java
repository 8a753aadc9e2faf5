package org.flowmatch4j.cli;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.flowmatch4j.tasks.toy.ToyBenchmark;
import org.flowmatch4j.tasks.toy.ToyConfig;
import org.flowmatch4j.tasks.toy.ToyResult;

/**
 * What one {@code fm4j toy} invocation computed: a run per seed and their means, from which
 * toy.json ({@link ToyJson}), the printed lines and the report ({@link ToyReport}) are made.
 *
 * @param cfg the settings of the first seed's run (the others differ only in the seed)
 * @param runs a run per seed, in the order given
 * @param swept whether {@code --nfe-sweep} was given
 */
record ToyRuns(ToyConfig cfg, List<SeedRun> runs, boolean swept) {

  /**
   * One seed's run.
   *
   * @param seed the seed
   * @param result the benchmark's result
   * @param sweep W2 per sampler and number of function evaluations (empty without {@code --nfe-sweep})
   */
  record SeedRun(long seed, ToyResult result, List<ToyBenchmark.SweepPoint> sweep) {
    /** W2 over its floor. */
    double ratio() {
      return result.w2() / result.w2Floor();
    }
  }

  /** The first seed's run, the one the figures and files show. */
  SeedRun first() {
    return runs.get(0);
  }

  /** Mean W2 over the seeds. */
  double w2() {
    return mean(r -> r.result().w2());
  }

  /** Sample standard deviation of W2 over the seeds (0 for one seed). */
  double w2Std() {
    if (runs.size() < 2) {
      return 0;
    }
    double m = w2();
    double s = 0;
    for (SeedRun r : runs) {
      double d = r.result().w2() - m;
      s += d * d;
    }
    return Math.sqrt(s / (runs.size() - 1));
  }

  /** Mean floor over the seeds. */
  double w2Floor() {
    return mean(r -> r.result().w2Floor());
  }

  /** Mean W2 over mean floor. */
  double ratio() {
    return w2() / w2Floor();
  }

  /** Mean function evaluations of sampling. */
  double nfe() {
    return mean(r -> r.result().nfe());
  }

  /** Mean training seconds. */
  double trainSeconds() {
    return mean(r -> r.result().trainSeconds());
  }

  /** Mean training steps per second. */
  double stepsPerSecond() {
    return mean(r -> r.result().stepsPerSecond());
  }

  private double mean(ToDoubleFunction<SeedRun> value) {
    double s = 0;
    for (SeedRun r : runs) {
      s += value.applyAsDouble(r);
    }
    return s / runs.size();
  }
}
