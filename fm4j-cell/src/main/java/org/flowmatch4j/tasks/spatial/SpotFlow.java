package org.flowmatch4j.tasks.spatial;

import java.io.IOException;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.source.CountSource;
import org.flowmatch4j.fm.source.EmpiricalSource;
import org.flowmatch4j.fm.source.Source;
import org.flowmatch4j.nn.ConditionInjection;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.nn.TimeEncoding;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.TrainConfig;
import org.flowmatch4j.train.TrainListener;
import org.flowmatch4j.train.TrainResult;
import org.flowmatch4j.train.Trainer;

/**
 * A per-spot conditional flow from a source to the spots' expression, its network {@code net(x, t,
 * c)} predicting the clean expression and seeing, through attention pooling, the current states of
 * the spot's k nearest spots ({@link SpotFlowObjective}, {@link SpotCondition}).
 *
 * @param net input {@code [x | t | c]}, output G
 * @param source the source x0 is drawn from
 * @param training losses and timing
 */
public record SpotFlow(Mlp net, Source source, TrainResult training) {
  /** Length of the attention's keys and query. */
  static final int KEY_DIM = 16;
  /**
   * Draws of a count source that training takes its x0 from (uniformly, with replacement), since a
   * count source's exact draw costs a gamma and a Poisson variate per gene; sampling draws afresh.
   */
  static final int TRAINING_POOL = 8192;

  /**
   * Trains on spots x G targets and spots x F features (already z-scored), the spots' neighbourhoods
   * {@code nb} within their sections (k = 0: the network sees the spot's features only). A count
   * source is represented during training by {@link #TRAINING_POOL} draws.
   */
  static SpotFlow train(Source source, Matrix target, Matrix features, SpotNeighbourhood nb, SpatialConfig cfg,
      long seed, TrainListener listener) throws IOException {
    int g = target.cols;
    MlpConfig mc = new MlpConfig(g, SpotCondition.columns(nb.k(), g, features.cols), g, cfg.network().width(),
        cfg.network().depth(), cfg.network().activation(), TimeEncoding.RAW, 0, seed * 1_000_003L + 7, ConditionInjection.CONCAT);
    if (nb.k() > 0) {
      mc = mc.withPooling(SpotCondition.pooling(nb.k(), g, KEY_DIM));
    }
    Mlp net = new Mlp(mc);
    Source x0 = source instanceof CountSource
        ? new EmpiricalSource(source.sample(new SplittableRandom(seed ^ 0x51A7L), TRAINING_POOL)) : source;
    SpotFlowObjective obj = new SpotFlowObjective(net, x0, target, features, nb, cfg.optim().batch());
    TrainConfig tc = cfg.optim().train(cfg.optim().adamW(), cfg.optim().steps(), seed);
    return new SpotFlow(net, source, Trainer.train(obj, tc, listener));
  }

  /**
   * The prediction per spot of one section: the mean over {@code samples} fresh source draws of the
   * Euler solution with {@code nfe} steps of {@code dx_i/dt = (net(x_i, t, c_i) - x_i) / (1 - t)}
   * from t = 0 to 1, every spot of the section moving together (c_i holds its neighbours' current
   * x). Returns spots x G.
   */
  Matrix predict(Matrix features, SpotNeighbourhood nb, int nfe, int samples, long seed) {
    int n = features.rows;
    int g = net.config().outputDim();
    int k = nb.k();
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x5B07);
    Matrix mean = new Matrix(n, g);
    Matrix x = new Matrix(n, g);
    Matrix t = new Matrix(n, 1);
    Matrix pred = new Matrix(n, g);
    Matrix states = new Matrix(n * k, g);
    Matrix c = new Matrix(n, net.config().condDim());
    for (int s = 0; s < samples; s++) {
      source.sample(rng, x);
      for (int step = 0; step < nfe; step++) {
        float tk = (float) step / nfe;
        java.util.Arrays.fill(t.data, tk);
        for (int i = 0; i < n; i++) {
          for (int p = 0; p < k; p++) {
            int j = nb.at(i, p);
            if (j >= 0) {
              System.arraycopy(x.data, j * g, states.data, (i * k + p) * g, g);
            }
          }
          SpotCondition.write(c, i, nb, i, states, features);
        }
        net.forward(x, t, c, pred);
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
