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
 * Clean-expression flow matching per spot: a minibatch of n spots i with targets x1_i and
 * conditions c_i, fresh source draws x0, times t ~ U[0, 1), the straight path
 * {@code xt = (1 - t) x0 + t x1}, and the loss {@code mean ||net(xt, t, c) - x1||^2}: the network
 * predicts the clean expression x1 (as STFlow), and the velocity is {@code (net - xt) / (1 - t)}.
 */
final class SpotFlowObjective implements Objective {
  private final Mlp net;
  private final Source source;
  private final Matrix target;
  private final Matrix condition;
  private final Matrix x0;
  private final Matrix x1;
  private final Matrix xt;
  private final Matrix t;
  private final Matrix c;

  /**
   * @param target spots x G, the clean expression
   * @param condition spots x F, the spots' features
   * @param n spots per step
   */
  SpotFlowObjective(Mlp net, Source source, Matrix target, Matrix condition, int n) {
    this.net = net;
    this.source = source;
    this.target = target;
    this.condition = condition;
    x0 = new Matrix(n, target.cols);
    x1 = new Matrix(n, target.cols);
    xt = new Matrix(n, target.cols);
    t = new Matrix(n, 1);
    c = new Matrix(n, condition.cols);
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
    return Map.of("fm.spots", Integer.toString(target.rows), "fm.batch", Integer.toString(x0.rows));
  }

  @Override
  public Var loss(Tape tape, RandomGenerator rng) {
    int n = x0.rows;
    int g = target.cols;
    int f = condition.cols;
    source.sample(rng, x0);
    for (int r = 0; r < n; r++) {
      int i = rng.nextInt(target.rows);
      System.arraycopy(target.data, i * g, x1.data, r * g, g);
      System.arraycopy(condition.data, i * f, c.data, r * f, f);
      float tr = (float) rng.nextDouble();
      t.data[r] = tr;
      for (int j = 0; j < g; j++) {
        int q = r * g + j;
        xt.data[q] = (1 - tr) * x0.data[q] + tr * x1.data[q];
      }
    }
    Var pred = net.forward(tape, tape.constant(xt), tape.constant(t), tape.constant(c));
    return tape.mse(pred, tape.constant(x1));
  }
}
