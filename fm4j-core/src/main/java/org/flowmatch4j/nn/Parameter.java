package org.flowmatch4j.nn;

import org.flowmatch4j.tensor.Matrix;

/**
 * A trainable tensor: its value, its gradient (same shape, accumulated by {@link
 * Tape#backward(Var)}, cleared by {@link #zeroGrad()}) and a name such as {@code
 * "layers.0.weight"}, used in checkpoints. Weights follow PyTorch's layout: a linear layer's weight
 * is out x in, its bias 1 x out.
 */
public final class Parameter {
  private final String name;
  private final Matrix value;
  private final Matrix grad;

  /** A parameter holding {@code value} (not copied) with a zero gradient. */
  public Parameter(String name, Matrix value) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("parameter name must not be empty");
    }
    this.name = name;
    this.value = value;
    this.grad = new Matrix(value.rows, value.cols);
  }

  /** The name, unique within its network. */
  public String name() {
    return name;
  }

  /** The value; optimisers update it in place. */
  public Matrix value() {
    return value;
  }

  /** The gradient accumulated since the last {@link #zeroGrad()}. */
  public Matrix grad() {
    return grad;
  }

  /** Number of scalars. */
  public int size() {
    return value.size();
  }

  /** Sets the gradient to zero. */
  public void zeroGrad() {
    java.util.Arrays.fill(grad.data, 0f);
  }

  @Override
  public String toString() {
    return "Parameter[" + name + " " + value.rows + "x" + value.cols + "]";
  }
}
