package org.flowmatch4j.fm.growth;

import org.flowmatch4j.fm.VectorField;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Matrix;

/**
 * Weighted particles of an unbalanced flow as one ODE for the project's solvers: the state of a
 * particle is the row {@code [x | log w]} (d + 1 columns) and
 *
 * <pre>
 *   dx/dt = v(x, t),   d log w / dt = g(x, t),
 * </pre>
 *
 * so a particle keeps its position's velocity and its weight grows or shrinks at the growth rate
 * where it is. Buffers are reused while the batch size stays the same. Not thread-safe.
 */
public final class GrowthField implements VectorField {
  private final Mlp velocity;
  private final Mlp growth;
  private final int d;
  private Matrix x = new Matrix(0, 0);
  private Matrix t;
  private Matrix v;
  private Matrix g;

  /**
   * @param velocity v(x, t): d inputs and a time column, d outputs
   * @param growth g(x, t): d inputs and a time column, 1 output
   */
  public GrowthField(Mlp velocity, Mlp growth) {
    d = velocity.config().inputDim();
    if (velocity.config().outputDim() != d || growth.config().inputDim() != d || growth.config().outputDim() != 1
        || velocity.config().condDim() != 0 || growth.config().condDim() != 0) {
      throw new IllegalArgumentException("need v: R^" + d + " -> R^" + d + " and g: R^" + d + " -> R without conditions");
    }
    this.velocity = velocity;
    this.growth = growth;
  }

  /** The state [x | log w] of particles at {@code x} (n x d) with weights {@code w}. */
  public static Matrix state(Matrix x, double[] w) {
    int d = x.cols;
    Matrix s = new Matrix(x.rows, d + 1);
    for (int i = 0; i < x.rows; i++) {
      System.arraycopy(x.data, i * d, s.data, i * (d + 1), d);
      s.data[i * (d + 1) + d] = (float) Math.log(w[i]);
    }
    return s;
  }

  /** The positions (n x d) of a state. */
  public static Matrix positions(Matrix state) {
    int d = state.cols - 1;
    Matrix x = new Matrix(state.rows, d);
    for (int i = 0; i < state.rows; i++) {
      System.arraycopy(state.data, i * (d + 1), x.data, i * d, d);
    }
    return x;
  }

  /** The weights w = exp(log w) of a state. */
  public static double[] weights(Matrix state) {
    int d = state.cols - 1;
    double[] w = new double[state.rows];
    for (int i = 0; i < state.rows; i++) {
      w[i] = Math.exp(state.data[i * (d + 1) + d]);
    }
    return w;
  }

  @Override
  public void eval(Matrix state, double time, Matrix out) {
    int n = state.rows;
    if (state.cols != d + 1) {
      throw new IllegalArgumentException("a state has " + (d + 1) + " columns, got " + state.cols);
    }
    if (x.rows != n) {
      x = new Matrix(n, d);
      t = new Matrix(n, 1);
      v = new Matrix(n, d);
      g = new Matrix(n, 1);
    }
    for (int i = 0; i < n; i++) {
      System.arraycopy(state.data, i * (d + 1), x.data, i * d, d);
    }
    java.util.Arrays.fill(t.data, (float) time);
    velocity.forward(x, t, null, v);
    growth.forward(x, t, null, g);
    for (int i = 0; i < n; i++) {
      System.arraycopy(v.data, i * d, out.data, i * (d + 1), d);
      out.data[i * (d + 1) + d] = g.data[i];
    }
  }
}
