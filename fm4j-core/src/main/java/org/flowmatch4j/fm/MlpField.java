package org.flowmatch4j.fm;

import java.util.function.DoubleUnaryOperator;
import org.flowmatch4j.fm.path.GaussianConversions;
import org.flowmatch4j.fm.path.Prediction;
import org.flowmatch4j.fm.path.Scheduler;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Matrix;

/**
 * A trained network seen as a vector field for the solvers, {@code v(x, t) = net(x, t, c)} with an
 * optional fixed condition row c, or read out through an affine map of the network's output
 * {@code raw}:
 *
 * <pre>  v(x, t) = a(t) x + b(t) raw(x, t) </pre>
 *
 * which covers the conversions between x1-, epsilon-, score- and velocity-prediction on an affine
 * Gaussian path (see {@link GaussianConversions}) and the drift {@code v + g(t)^2/2 score} of the
 * reverse-time SDE, each at the cost of one network evaluation. The Jacobian is {@code a I + b
 * J_raw}, so the field is a {@link DifferentiableField} through the network's JVPs and exact
 * divergence. Buffers are reused while the batch size stays the same. Not thread-safe.
 */
public final class MlpField implements DifferentiableField {
  /** The coefficients a(t), b(t) of the readout, written into ab. */
  @FunctionalInterface
  private interface Readout {
    void coefficients(double t, double[] ab);
  }

  private final Mlp net;
  private final float[] condition;
  private final Readout readout;
  private final double[] ab = new double[2];
  private Matrix t = new Matrix(0, 1);
  private Matrix c;
  private Matrix raw;
  private Matrix jraw;

  private MlpField(Mlp net, float[] condition, Readout readout) {
    this.net = net;
    this.condition = condition;
    this.readout = readout;
    int condDim = net.config().condDim();
    if (condDim > 0 && (condition == null || condition.length != condDim)) {
      throw new IllegalArgumentException(
          "the network takes a condition of dimension " + condDim + ", got "
              + (condition == null ? "none" : condition.length));
    }
    if (condDim == 0 && condition != null) {
      throw new IllegalArgumentException("the network takes no condition, but one was given");
    }
    if (readout != null && net.config().outputDim() != net.config().inputDim()) {
      throw new IllegalArgumentException(
          "a converted field needs outputDim == inputDim, got " + net.config().outputDim() + " and "
              + net.config().inputDim());
    }
  }

  /** The network's output is the velocity and it takes no condition. */
  public static MlpField of(Mlp net) {
    return new MlpField(net, null, null);
  }

  /** The network's output is the velocity under the fixed condition {@code c} (length condDim). */
  public static MlpField conditioned(Mlp net, float[] c) {
    return new MlpField(net, c.clone(), null);
  }

  /**
   * The network predicts {@code prediction} on an affine Gaussian path with {@code scheduler};
   * the field converts it to the velocity (see {@link GaussianConversions}).
   */
  public static MlpField converted(Mlp net, Scheduler scheduler, Prediction prediction) {
    return converted(net, scheduler, prediction, Prediction.VELOCITY);
  }

  /**
   * The network predicts {@code from} on an affine Gaussian path with {@code scheduler}; the field
   * is its conversion to {@code to} (for example the score, or the x1-prediction of DDIM).
   */
  public static MlpField converted(Mlp net, Scheduler scheduler, Prediction from, Prediction to) {
    if (scheduler == null || from == null || to == null) {
      throw new IllegalArgumentException("a converted field needs a scheduler and both predictions");
    }
    if (from == to) {
      return new MlpField(net, null, null);
    }
    return new MlpField(net, null, (time, ab) -> GaussianConversions.coefficients(scheduler, from, to, time, ab));
  }

  /**
   * The drift of the reverse-time SDE with the same marginals as the probability-flow ODE,
   *
   * <pre>  f(x, t) = v(x, t) + g(t)^2 / 2 * score(x, t) </pre>
   *
   * with v and the score both converted from the network's prediction {@code from} on the path
   * with {@code scheduler} (one network evaluation per call).
   */
  public static MlpField reverseSdeDrift(Mlp net, Scheduler scheduler, Prediction from, DoubleUnaryOperator g) {
    if (scheduler == null || from == null || g == null) {
      throw new IllegalArgumentException("a reverse-SDE drift needs a scheduler, a prediction and g");
    }
    double[] s = new double[2];
    return new MlpField(net, null, (time, ab) -> {
      GaussianConversions.coefficients(scheduler, from, Prediction.SCORE, time, s);
      GaussianConversions.coefficients(scheduler, from, Prediction.VELOCITY, time, ab);
      double gt = g.applyAsDouble(time);
      double half = 0.5 * gt * gt;
      ab[0] += half * s[0];
      ab[1] += half * s[1];
    });
  }

  private void prepare(int n, double time) {
    if (t.rows != n) {
      t = new Matrix(n, 1);
      if (condition != null) {
        c = new Matrix(n, condition.length);
        for (int i = 0; i < n; i++) {
          System.arraycopy(condition, 0, c.data, i * condition.length, condition.length);
        }
      }
      raw = readout == null ? null : new Matrix(n, net.config().outputDim());
    }
    java.util.Arrays.fill(t.data, (float) time);
    if (readout != null) {
      readout.coefficients(time, ab);
    }
  }

  @Override
  public void eval(Matrix x, double time, Matrix out) {
    prepare(x.rows, time);
    if (readout == null) {
      net.forward(x, t, c, out);
    } else {
      net.forward(x, t, c, raw);
      combine(x, raw, out);
    }
  }

  @Override
  public void jvp(Matrix x, double time, Matrix u, Matrix out, Matrix ju) {
    prepare(x.rows, time);
    if (readout == null) {
      net.jvp(x, t, c, u, null, null, out, ju);
      return;
    }
    if (jraw == null || jraw.rows != ju.rows || jraw.cols != ju.cols) {
      jraw = new Matrix(ju.rows, ju.cols);
    }
    net.jvp(x, t, c, u, null, null, raw, jraw);
    combine(x, raw, out);
    combine(u, jraw, ju);
  }

  @Override
  public void divergence(Matrix x, double time, Matrix out, Matrix div) {
    prepare(x.rows, time);
    if (readout == null) {
      net.divergence(x, t, c, out, div);
      return;
    }
    net.divergence(x, t, c, raw, div);
    combine(x, raw, out);
    double a = ab[0] * x.cols;
    double b = ab[1];
    for (int i = 0; i < div.data.length; i++) {
      div.data[i] = (float) (a + b * div.data[i]);
    }
  }

  /** out = a x + b r with the current coefficients. */
  private void combine(Matrix x, Matrix r, Matrix out) {
    out.requireShape(x.rows, x.cols, "field output");
    double a = ab[0];
    double b = ab[1];
    float[] xs = x.data;
    float[] rs = r.data;
    float[] o = out.data;
    for (int k = 0; k < o.length; k++) {
      o[k] = (float) (a * xs[k] + b * rs[k]);
    }
  }
}
