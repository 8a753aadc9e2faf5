package org.flowmatch4j.nn;

import java.util.List;
import org.flowmatch4j.tensor.Kernels;

/** Operations on the gradients of a set of parameters. */
public final class Gradients {
  private Gradients() {}

  /** The global L2 norm {@code sqrt(sum over all parameters of sum g^2)}, in double. */
  public static double globalNorm(List<Parameter> params) {
    Kernels k = Kernels.get();
    double s = 0;
    for (Parameter p : params) {
      float[] g = p.grad().data;
      s += k.dot(g, 0, g, 0, g.length);
    }
    return Math.sqrt(s);
  }

  /**
   * Clips gradients by their global norm like {@code torch.nn.utils.clip_grad_norm_}: with {@code
   * coef = maxNorm / (norm + 1e-6)}, every gradient is multiplied by coef when coef &lt; 1.
   *
   * @return the norm before clipping
   */
  public static double clipByGlobalNorm(List<Parameter> params, double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("maximum gradient norm must be > 0, got " + maxNorm);
    }
    double norm = globalNorm(params);
    double coef = maxNorm / (norm + 1e-6);
    if (coef < 1) {
      Kernels k = Kernels.get();
      for (Parameter p : params) {
        float[] g = p.grad().data;
        k.scale((float) coef, g, 0, g, 0, g.length, false);
      }
    }
    return norm;
  }
}
