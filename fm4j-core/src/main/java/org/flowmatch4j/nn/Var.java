package org.flowmatch4j.nn;

import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;

/**
 * A value recorded on a {@link Tape}: a matrix, and after {@link Tape#backward(Var)} the gradient
 * of the loss with respect to it.
 *
 * <p>A tape reuses its nodes and their buffers from one recording to the next, so a {@code Var}
 * (and the matrices it returns) is valid only until the next {@link Tape#reset()} of its tape.
 */
public abstract class Var {
  final Tape tape;
  Matrix value;
  Matrix grad;
  boolean requiresGrad;
  /** Whether {@link #grad} holds a contribution in the current backward pass. */
  boolean gradWritten;
  int index;

  Var(Tape tape) {
    this.tape = tape;
  }

  /** The value (rows x cols). Do not modify it. */
  public final Matrix value() {
    return value;
  }

  /**
   * The gradient of the last {@link Tape#backward(Var)} loss with respect to this value, or null
   * if this value does not depend on anything that requires a gradient. For a parameter it is the
   * parameter's accumulated gradient.
   */
  public final Matrix grad() {
    return requiresGrad ? grad : null;
  }

  /** Whether gradients flow to this value. */
  public final boolean requiresGrad() {
    return requiresGrad;
  }

  /** Number of rows. */
  public final int rows() {
    return value.rows;
  }

  /** Number of columns. */
  public final int cols() {
    return value.cols;
  }

  /** The single element of a 1 x 1 value (a loss). */
  public final float item() {
    if (value.rows != 1 || value.cols != 1) {
      throw new IllegalArgumentException("item() needs a 1x1 value, this is " + shape());
    }
    return value.data[0];
  }

  final String shape() {
    return value.rows + "x" + value.cols;
  }

  /** Makes sure {@link #value} is a rows x cols matrix, reusing the buffer when it fits. */
  final void ensureValue(int rows, int cols) {
    if (value == null || value.rows != rows || value.cols != cols) {
      value = new Matrix(rows, cols);
    }
  }

  /**
   * Prepares {@link #grad} to receive a contribution and returns whether to add to it ({@code
   * true}) or overwrite it ({@code false}, for the first contribution of a backward pass).
   */
  boolean beginGrad() {
    if (grad == null || grad.rows != value.rows || grad.cols != value.cols) {
      grad = new Matrix(value.rows, value.cols);
    }
    boolean accumulate = gradWritten;
    gradWritten = true;
    return accumulate;
  }

  /** Propagates {@link #grad} to the inputs. Called only when the gradient was written. */
  abstract void backward(Kernels k);
}
