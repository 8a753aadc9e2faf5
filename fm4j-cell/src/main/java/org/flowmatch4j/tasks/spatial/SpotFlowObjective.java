package org.flowmatch4j.tasks.spatial;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.source.Source;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.Objective;

/**
 * Clean-expression flow matching per spot with its neighbours' states: a minibatch of n spots i
 * with targets x1_i and features f_i, times t ~ U[0, 1), fresh source draws x0 for every spot and
 * every neighbour, the straight paths {@code xt(j) = (1 - t) x0(j) + t x1_j} of the spot and of its
 * k nearest spots j at the spot's t (the whole neighbourhood noised together, as a section is at
 * sampling), and the loss {@code mean ||net(xt(i), t, c_i) - x1_i||^2} with c_i the neighbours'
 * states and f_i ({@link SpotCondition}): the network predicts the clean expression x1 (as STFlow),
 * and the velocity is {@code (net - xt) / (1 - t)}.
 */
final class SpotFlowObjective implements Objective {
  private final Mlp net;
  private final Source source;
  private final Matrix target;
  private final Matrix features;
  private final SpotNeighbourhood nb;
  private final Matrix x0;
  private final Matrix x1;
  private final Matrix xt;
  private final Matrix t;
  private final Matrix c;
  private final Matrix nbStates;

  /**
   * @param target spots x G, the clean expression
   * @param features spots x F, the spots' features
   * @param nb the spots' neighbourhoods (same rows as target)
   * @param n spots per step
   */
  SpotFlowObjective(Mlp net, Source source, Matrix target, Matrix features, SpotNeighbourhood nb, int n) {
    this.net = net;
    this.source = source;
    this.target = target;
    this.features = features;
    this.nb = nb;
    x0 = new Matrix(n, target.cols);
    x1 = new Matrix(n, target.cols);
    xt = new Matrix(n, target.cols);
    t = new Matrix(n, 1);
    c = new Matrix(n, SpotCondition.columns(nb.k(), target.cols, features.cols));
    nbStates = new Matrix(n * nb.k(), target.cols);
  }

  @Override
  public List<Mlp> networks() {
    return List.of(net);
  }

  @Override
  public String name() {
    return "spatial-flow";
  }

  @Override
  public Map<String, String> header() {
    return Map.of("fm.spots", Integer.toString(target.rows), "fm.batch", Integer.toString(x0.rows),
        "fm.neighbours", Integer.toString(nb.k()));
  }

  @Override
  public Var loss(Tape tape, RandomGenerator rng) {
    int n = x0.rows;
    int g = target.cols;
    int k = nb.k();
    source.sample(rng, x0);
    source.sample(rng, nbStates);
    for (int r = 0; r < n; r++) {
      int i = rng.nextInt(target.rows);
      System.arraycopy(target.data, i * g, x1.data, r * g, g);
      float tr = (float) rng.nextDouble();
      t.data[r] = tr;
      interpolate(x0.data, r * g, target.data, i * g, tr, g, xt.data, r * g);
      for (int p = 0; p < k; p++) {
        int j = nb.at(i, p);
        if (j >= 0) {
          int q = (r * k + p) * g;
          interpolate(nbStates.data, q, target.data, j * g, tr, g, nbStates.data, q);
        }
      }
      SpotCondition.write(c, r, nb, i, nbStates, features);
    }
    Var pred = net.forward(tape, tape.constant(xt), tape.constant(t), tape.constant(c));
    return tape.mse(pred, tape.constant(x1));
  }

  /** {@code out[o..o+g) = (1 - t) a[ia..] + t b[ib..]} (out may be a). */
  private static void interpolate(float[] a, int ia, float[] b, int ib, float t, int g, float[] out, int o) {
    for (int q = 0; q < g; q++) {
      out[o + q] = (1 - t) * a[ia + q] + t * b[ib + q];
    }
  }
}
