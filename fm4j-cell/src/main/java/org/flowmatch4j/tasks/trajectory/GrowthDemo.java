package org.flowmatch4j.tasks.trajectory;

import java.io.IOException;
import java.util.SplittableRandom;
import org.flowmatch4j.metrics.Pearson;
import org.flowmatch4j.metrics.Wasserstein;
import org.flowmatch4j.train.CheckpointPolicy;
import org.flowmatch4j.train.TrainListener;

/**
 * The built-in demonstration of growth and death: a time course simulated by a {@link DemoProcess}
 * (times 0..4, a branching population of {@link #CELLS} cells at time 0 whose every living cell is
 * observed at each time), fitted with the fit-all protocol. Because the simulator is known, the
 * learned growth rate is compared with the true one at every observed cell (Pearson correlation),
 * and each weighted prediction with the true weighted population (W1 to the true marginal).
 */
public final class GrowthDemo {
  /** Cells observed at time 0. */
  public static final int CELLS = 400;
  /** Particles of the true population. */
  public static final int PARTICLES = 3000;

  private GrowthDemo() {}

  /**
   * The demo's results.
   *
   * @param course the observed time course
   * @param fit the fit-all result
   * @param growthCorrelation Pearson correlation of the first model's growth rate with the true
   *     rate at every observed cell at its own time
   * @param w1True per later time point, W1 between the first model's weighted prediction and the
   *     true weighted population
   */
  public record Result(TimeCourse course, GrowthResult fit, double growthCorrelation, double[] w1True) {}

  /** The simulated truth and observations of the demo (fixed seeds). */
  static GrowthModel.Particles[] truth(GrowthProcess sim, double[] times) {
    return sim.simulate(PARTICLES, times, new SplittableRandom(42));
  }

  /** Runs the demo on {@code process} with the matcher and settings of {@code cfg} and {@code gs}. */
  public static Result run(DemoProcess process, TrajectoryConfig cfg, GrowthSettings gs, long[] seeds,
      TrainListener listener, CheckpointPolicy checkpoints) throws IOException {
    GrowthProcess sim = process.create();
    double[] times = {0, 1, 2, 3, 4};
    GrowthModel.Particles[] truth = truth(sim, times);
    TimeCourse tc = sim.branching(CELLS, times, new SplittableRandom(7));
    GrowthResult fit = GrowthProtocols.fitAll(tc, cfg, gs, seeds, listener, checkpoints);
    double[] w1True = new double[times.length - 1];
    for (int i = 0; i < w1True.length; i++) {
      GrowthModel.Particles p = fit.prediction()[i];
      w1True[i] = Wasserstein.w1(p.x(), p.w(), truth[i + 1].x(), truth[i + 1].w());
    }
    return new Result(tc, fit, growthCorrelation(fit.model(), sim, tc), w1True);
  }

  /** Pearson correlation of the learned and the true growth rate at every observed cell at its own time. */
  static double growthCorrelation(GrowthModel model, GrowthProcess sim, TimeCourse tc) {
    var x = tc.stacked();
    double[] tau = new double[x.rows];
    for (int k = 0, off = 0; k < tc.size(); k++) {
      for (int i = 0; i < tc.snapshot(k).rows; i++) {
        tau[off++] = tc.modelTime(k);
      }
    }
    double[] learned = model.growthRates(x, tau);
    double[] rate = sim.growthRate(x);
    double scale = (tc.time(tc.size() - 1) - tc.time(0)) / (tc.size() - 1);
    for (int i = 0; i < rate.length; i++) {
      rate[i] *= scale;
    }
    return Pearson.of(learned, rate);
  }
}
