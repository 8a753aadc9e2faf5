package org.flowmatch4j.fm;

import org.flowmatch4j.fm.path.GaussianConversions;
import org.flowmatch4j.fm.path.Prediction;
import org.flowmatch4j.fm.path.Scheduler;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Matrix;

/**
 * A trained network seen as a vector field for the solvers: {@code v(x, t) = net(x, a + b t, c)}
 * with an optional affine map of solver time to network time (the trajectory task integrates in
 * absolute time; a pair-local time needs none), an optional fixed condition row c, and an optional
 * conversion from the network's parameterisation (x1-, epsilon- or score-prediction) to velocity.
 * Buffers are reused while the batch size stays the same. Not thread-safe.
 */
public final class MlpField implements VectorField {
  private final Mlp net;
  private final float[] condition;
  private final Scheduler scheduler;
  private final Prediction prediction;
  private Matrix t = new Matrix(0, 1);
  private Matrix c;
  private Matrix raw;

  private MlpField(Mlp net, float[] condition, Scheduler scheduler, Prediction prediction) {
    this.net = net;
    this.condition = condition;
    this.scheduler = scheduler;
    this.prediction = prediction;
    int condDim = net.config().condDim();
    if (condDim > 0 && (condition == null || condition.length != condDim)) {
      throw new IllegalArgumentException(
          "the network takes a condition of dimension " + condDim + ", got "
              + (condition == null ? "none" : condition.length));
    }
    if (condDim == 0 && condition != null) {
      throw new IllegalArgumentException("the network takes no condition, but one was given");
    }
  }

  /** The network's output is the velocity and it takes no condition. */
  public static MlpField of(Mlp net) {
    return new MlpField(net, null, null, Prediction.VELOCITY);
  }

  /** The network's output is the velocity under the fixed condition {@code c} (length condDim). */
  public static MlpField conditioned(Mlp net, float[] c) {
    return new MlpField(net, c.clone(), null, Prediction.VELOCITY);
  }

  /**
   * The network predicts {@code prediction} on an affine Gaussian path with {@code scheduler};
   * the field converts it to the velocity (see {@link GaussianConversions}).
   */
  public static MlpField converted(Mlp net, Scheduler scheduler, Prediction prediction) {
    return new MlpField(net, null, scheduler, prediction);
  }

  @Override
  public void eval(Matrix x, double time, Matrix out) {
    int n = x.rows;
    if (t.rows != n) {
      t = new Matrix(n, 1);
      if (condition != null) {
        c = new Matrix(n, condition.length);
        for (int i = 0; i < n; i++) {
          System.arraycopy(condition, 0, c.data, i * condition.length, condition.length);
        }
      }
      raw = prediction == Prediction.VELOCITY ? null : new Matrix(n, x.cols);
    }
    java.util.Arrays.fill(t.data, (float) time);
    if (prediction == Prediction.VELOCITY) {
      net.forward(x, t, c, out);
    } else {
      net.forward(x, t, c, raw);
      GaussianConversions.convert(scheduler, prediction, Prediction.VELOCITY, x, time, raw, out);
    }
  }
}
