package org.flowmatch4j.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.coupling.PairSampler;
import org.flowmatch4j.fm.path.ProbPath;
import org.flowmatch4j.fm.path.Prediction;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;
import org.flowmatch4j.tensor.Matrix;

/**
 * The conditional flow-matching loss for one source and one target, every method of the family
 * as a choice of source, coupling and path:
 *
 * <pre>
 *   (x0, x1) ~ pairs (n: a source and a target minibatch paired by a coupling, or fixed pairs),
 *   t ~ U(tMin, tMax),
 *   eps ~ N(0, I),  x_t, u_t from the path
 *   L = mean || net(x_t, t) - target ||^2
 * </pre>
 *
 * where the regression target is {@code u_t} for {@link Prediction#VELOCITY} (flow matching), x0
 * for {@link Prediction#EPSILON} (noise prediction of diffusion; the source must be the standard
 * Gaussian and the path deterministic) or x1 for {@link Prediction#X1}. With a score network
 * ([SF]^2M, for stochastic paths) the loss adds {@code mean || gamma_t s(x_t, t) + eps ||^2}, which
 * trains {@code s} to the score {@code -eps / gamma_t} of the conditional path.
 */
public final class FlowMatchingObjective extends BaseObjective {
  private final PairSampler pairs;
  private final ProbPath path;
  private final Mlp net;
  private final Mlp score;
  private final Prediction prediction;
  private final int batch;
  private final PathBatch pairsAndPath;
  private final Matrix gamma;
  private final Matrix negEps;

  /**
   * @param name method name for progress and checkpoints (e.g. {@code "otcfm"})
   * @param pairs draws the coupled minibatches (x0, x1)
   * @param path conditional probability path
   * @param net the trained network, input and output dimension d
   * @param score optional score network (null for none); requires a stochastic path
   * @param prediction what {@code net} regresses onto
   * @param batch minibatch size n
   */
  public FlowMatchingObjective(
      String name, PairSampler pairs, ProbPath path, Mlp net, Mlp score, Prediction prediction,
      int batch) {
    super(name, score == null ? List.of(net) : List.of(net, score));
    int d = pairs.dim();
    if (net.config().inputDim() != d || net.config().outputDim() != d || net.config().condDim() != 0) {
      throw new IllegalArgumentException(
          "the network must map dimension " + d + " to " + d + " without a condition, got "
              + net.config().inputDim() + " -> " + net.config().outputDim());
    }
    if (score != null && !path.isStochastic()) {
      throw new IllegalArgumentException("a score network needs a stochastic path (one with noise)");
    }
    if (prediction == Prediction.SCORE) {
      throw new IllegalArgumentException("train a score with a separate score network, not as the prediction");
    }
    if (prediction == Prediction.EPSILON && path.isStochastic()) {
      throw new IllegalArgumentException("noise prediction needs a deterministic path with a Gaussian source");
    }
    if (batch < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batch);
    }
    this.pairs = pairs;
    this.path = path;
    this.net = net;
    this.score = score;
    this.prediction = prediction;
    this.batch = batch;
    pairsAndPath = new PathBatch(batch, d);
    gamma = new Matrix(batch, 1);
    negEps = new Matrix(batch, d);
  }

  @Override
  public Map<String, String> header() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("fm.path", path.toString());
    h.put("fm.pairs", pairs.toString());
    h.put("fm.prediction", prediction.name());
    h.put("fm.batch", Integer.toString(batch));
    h.put("fm.dim", Integer.toString(pairs.dim()));
    return h;
  }

  @Override
  public Var loss(Tape tape, RandomGenerator rng) {
    pairsAndPath.draw(rng, pairs, path);
    Var xtv = tape.constant(pairsAndPath.xt);
    Var tv = tape.constant(pairsAndPath.t);
    Matrix regressTo = switch (prediction) {
      case VELOCITY -> pairsAndPath.ut;
      case EPSILON -> pairsAndPath.x0;
      case X1 -> pairsAndPath.x1;
      case SCORE -> throw new AssertionError();
    };
    Var loss = tape.mse(net.forward(tape, xtv, tv, null), tape.constant(regressTo));
    if (score != null) {
      for (int k = 0; k < batch; k++) {
        gamma.data[k] = (float) path.noiseStd(pairsAndPath.t.data[k]);
      }
      for (int k = 0; k < pairsAndPath.eps.data.length; k++) {
        negEps.data[k] = -pairsAndPath.eps.data[k];
      }
      Var s = tape.scaleRows(score.forward(tape, xtv, tv, null), tape.constant(gamma));
      loss = tape.add(loss, tape.mse(s, tape.constant(negEps)));
    }
    return loss;
  }
}
