package org.flowmatch4j.tensor;

/**
 * Pointwise activation functions f with their first and second derivatives. The second
 * derivative is what makes directional derivatives (JVPs) of a network differentiable: the tangent
 * of {@code h = f(z)} is {@code f'(z) * zDot}, and its gradient with respect to {@code z} needs
 * {@code f''(z)}.
 *
 * <p>The scalar methods here, in double precision, define the functions; {@link Kernels}
 * implementations evaluate the same formulas in float.
 */
public enum Activation {
  /** {@code f(z) = max(z, 0)}; {@code f'(z) = [z > 0]}; {@code f'' = 0}. */
  RELU,
  /**
   * SELU (Klambauer et al. 2017): {@code f(z) = lambda * z} for {@code z > 0}, {@code lambda *
   * alpha * (exp(z) - 1)} otherwise, with {@link #SELU_LAMBDA} and {@link #SELU_ALPHA}.
   */
  SELU,
  /** SiLU (swish): {@code f(z) = z * s(z)} with the logistic {@code s(z) = 1 / (1 + exp(-z))}. */
  SILU,
  /** {@code f(z) = tanh(z)}. */
  TANH,
  /**
   * Softplus: {@code f(z) = log(1 + exp(z))}, computed as {@code max(z, 0) + log1p(exp(-|z|))}
   * (equal to PyTorch's {@code softplus} with beta 1 up to float rounding).
   */
  SOFTPLUS,
  /**
   * Leaky ReLU with PyTorch's default slope: {@code f(z) = z} for {@code z > 0}, {@link
   * #LEAKY_SLOPE} {@code * z} otherwise; {@code f'(z) = 1} or {@link #LEAKY_SLOPE}; {@code f'' = 0}.
   */
  LEAKY_RELU;

  /** Slope of {@link #LEAKY_RELU} below zero (PyTorch's {@code nn.LeakyReLU} default). */
  public static final double LEAKY_SLOPE = 0.01;

  /** SELU scale lambda (same constant as PyTorch). */
  public static final double SELU_LAMBDA = 1.0507009873554804934193349852946;
  /** SELU alpha (same constant as PyTorch). */
  public static final double SELU_ALPHA = 1.6732632423543772848170429916717;

  /** {@code f(z)} in double precision. */
  public double value(double z) {
    switch (this) {
      case RELU:
        return z > 0 ? z : 0;
      case SELU:
        return z > 0 ? SELU_LAMBDA * z : SELU_LAMBDA * SELU_ALPHA * Math.expm1(z);
      case SILU:
        return z * sigmoid(z);
      case TANH:
        return Math.tanh(z);
      case SOFTPLUS:
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
      case LEAKY_RELU:
        return z > 0 ? z : LEAKY_SLOPE * z;
      default:
        throw new AssertionError(this);
    }
  }

  /** {@code f'(z)} in double precision. */
  public double derivative(double z) {
    switch (this) {
      case RELU:
        return z > 0 ? 1 : 0;
      case SELU:
        return z > 0 ? SELU_LAMBDA : SELU_LAMBDA * SELU_ALPHA * Math.exp(z);
      case SILU: {
        double s = sigmoid(z);
        return s * (1 + z * (1 - s));
      }
      case TANH: {
        double h = Math.tanh(z);
        return 1 - h * h;
      }
      case SOFTPLUS:
        return sigmoid(z);
      case LEAKY_RELU:
        return z > 0 ? 1 : LEAKY_SLOPE;
      default:
        throw new AssertionError(this);
    }
  }

  /** {@code f''(z)} in double precision. */
  public double secondDerivative(double z) {
    switch (this) {
      case RELU:
        return 0;
      case SELU:
        return z > 0 ? 0 : SELU_LAMBDA * SELU_ALPHA * Math.exp(z);
      case SILU: {
        double s = sigmoid(z);
        return s * (1 - s) * (2 + z * (1 - 2 * s));
      }
      case TANH: {
        double h = Math.tanh(z);
        return -2 * h * (1 - h * h);
      }
      case SOFTPLUS: {
        double s = sigmoid(z);
        return s * (1 - s);
      }
      case LEAKY_RELU:
        return 0;
      default:
        throw new AssertionError(this);
    }
  }

  /** The logistic function {@code 1 / (1 + exp(-z))}, stable for large |z|. */
  static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }
}
