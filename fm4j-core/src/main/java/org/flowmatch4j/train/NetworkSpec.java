package org.flowmatch4j.train;

import java.util.Locale;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.tensor.Activation;

/**
 * The shape of a task's MLP: {@code depth} hidden layers of {@code width} units with the activation
 * between them. What the first layer sees (x, time features, a condition) is the task's choice; see
 * {@link MlpConfig}.
 *
 * @param width hidden units per layer (at least 1)
 * @param depth hidden layers (at least 1)
 * @param activation hidden activation
 */
public record NetworkSpec(int width, int depth, Activation activation) {

  /** Checks the shape; a wrong setting is named in the exception. */
  public NetworkSpec {
    ConfigChecks.atLeast("{width}", width, 1);
    ConfigChecks.atLeast("{depth}", depth, 1);
    if (activation == null) {
      throw new IllegalArgumentException("network: the activation must be given");
    }
  }

  /**
   * A velocity field {@code v(x, t)} on {@code dim} dimensions of this shape, with t as one raw
   * input column and no condition ({@link MlpConfig#velocity}).
   */
  public MlpConfig velocity(int dim, long seed) {
    return MlpConfig.velocity(dim, width, depth, activation, seed);
  }

  /** {@code depth x width activation}, e.g. {@code 3x64 selu}. */
  public String label() {
    return depth + "x" + width + " " + activation.name().toLowerCase(Locale.ROOT);
  }
}
