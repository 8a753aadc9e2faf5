package org.flowmatch4j.tasks.spatial;

import java.io.IOException;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.source.Source;
import org.flowmatch4j.nn.AdamConfig;
import org.flowmatch4j.nn.ConditionInjection;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.nn.TimeEncoding;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.TrainConfig;
import org.flowmatch4j.train.TrainListener;
import org.flowmatch4j.train.TrainResult;
import org.flowmatch4j.train.Trainer;

/**
 * A per-spot conditional flow from a source to the spots' expression, its network {@code net(x, t,
 * c)} predicting the clean expression ({@link SpotFlowObjective}).
 *
 * @param net input {@code [x | t | c]}, output G
 * @param source the source x0 is drawn from
 * @param training losses and timing
 */
public record SpotFlow(Mlp net, Source source, TrainResult training) {

  /** Trains on spots x G targets and spots x F features (already z-scored). */
  public static SpotFlow train(Source source, Matrix target, Matrix features, SpatialConfig cfg, long seed,
      TrainListener listener) throws IOException {
    Mlp net = new Mlp(new MlpConfig(target.cols, features.cols, target.cols, cfg.width(), cfg.depth(), Activation.SILU,
        TimeEncoding.RAW, 0, seed * 1_000_003L + 7, ConditionInjection.CONCAT));
    SpotFlowObjective obj = new SpotFlowObjective(net, source, target, features, cfg.batch());
    TrainConfig tc = new TrainConfig(cfg.steps(), AdamConfig.adamW(cfg.lr(), 1e-5), null, 0, cfg.emaDecay(), seed,
        null, 0, false);
    return new SpotFlow(net, source, Trainer.train(obj, tc, listener));
  }

  /**
   * The prediction per spot: the mean over {@code samples} fresh source draws of the Euler solution
   * with {@code nfe} steps of {@code dx/dt = (net(x, t, c) - x) / (1 - t)} from t = 0 to 1.
   * Returns spots x G.
   */
  public Matrix predict(Matrix features, int nfe, int samples, long seed) {
    int n = features.rows;
    int g = net.config().outputDim();
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x5B07);
    Matrix mean = new Matrix(n, g);
    Matrix x = new Matrix(n, g);
    Matrix t = new Matrix(n, 1);
    Matrix pred = new Matrix(n, g);
    for (int s = 0; s < samples; s++) {
      source.sample(rng, x);
      for (int k = 0; k < nfe; k++) {
        float tk = (float) k / nfe;
        java.util.Arrays.fill(t.data, tk);
        net.forward(x, t, features, pred);
        float h = 1f / nfe / (1 - tk);
        for (int q = 0; q < x.data.length; q++) {
          x.data[q] += h * (pred.data[q] - x.data[q]);
        }
      }
      for (int q = 0; q < x.data.length; q++) {
        mean.data[q] += x.data[q] / samples;
      }
    }
    return mean;
  }
}
