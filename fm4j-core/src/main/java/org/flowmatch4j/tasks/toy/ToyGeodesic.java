package org.flowmatch4j.tasks.toy;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.coupling.CoupledPairs;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.fm.metric.DiagonalMetric;
import org.flowmatch4j.fm.path.GeodesicPath;
import org.flowmatch4j.fm.source.EmpiricalSource;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.GeodesicFit;
import org.flowmatch4j.train.GeodesicObjective;
import org.flowmatch4j.train.TrainListener;
import org.flowmatch4j.train.TrainResult;
import org.flowmatch4j.train.Trainer;

/**
 * Stage 1 of metric flow matching between two toy distributions: {@value #CELLS} points of each
 * (drawn with {@code seed * 31 + 11}) stand for the data, the run's metric is fitted to all of
 * them, and the path network phi of a {@link GeodesicPath} (the flow's width, depth and activation)
 * is trained for {@code geodesicSteps} steps to make the paths between coupled points short in that
 * metric ({@link GeodesicObjective}, Adam with the flow's learning rate, seed {@code seed + 1}).
 * With a flat metric (alpha = 0) phi stays zero: the straight line.
 */
final class ToyGeodesic {
  /** Points of each distribution that stand for the data. */
  static final int CELLS = 2000;

  private ToyGeodesic() {}

  /** Trains phi and measures its paths against the straight line on coupled points. */
  static GeodesicFit train(ToyConfig cfg, TrainListener listener) throws IOException {
    SplittableRandom rng = new SplittableRandom(cfg.seed() * 31 + 11);
    Matrix x0 = cfg.source().sample(rng, CELLS);
    Matrix x1 = cfg.target().sample(rng, CELLS);
    Matrix both = new Matrix(2 * CELLS, 2);
    System.arraycopy(x0.data, 0, both.data, 0, x0.data.length);
    System.arraycopy(x1.data, 0, both.data, x0.data.length, x1.data.length);
    DiagonalMetric g = cfg.metric().fit(both, cfg.seed());
    Mlp phi = GeodesicPath.newPhi(2, cfg.network().width(), cfg.network().depth(), cfg.network().activation(), cfg.seed() * 1_000_003L + 3);
    TrainResult stage1 = new TrainResult(new float[0], 0, 0);
    if (!cfg.metric().flat() && cfg.geodesicSteps() > 0) {
      GeodesicObjective objective = new GeodesicObjective(cfg.matcher().cliName() + "-path", new Matrix[] {x0, x1},
          new double[] {0, 1}, new int[] {0, 1}, List.of(g), Pairing.minibatch(cfg::newCoupling), phi, cfg.optim().batch());
      stage1 = Trainer.train(objective, cfg.optim().train(cfg.optim().adam(), cfg.geodesicSteps(),
          cfg.seed() + 1), listener);
    }
    CoupledPairs pairs = new CoupledPairs(new EmpiricalSource(x0), new EmpiricalSource(x1), cfg.newCoupling());
    return GeodesicFit.measure(phi, List.of(g), List.of(pairs), stage1, rng);
  }
}
