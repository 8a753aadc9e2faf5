package org.flowmatch4j.nn;

/**
 * Settings of {@link Adam}, with PyTorch's meaning and defaults.
 *
 * @param lr learning rate (the base rate when a {@link LrSchedule} is used)
 * @param beta1 decay of the first moment (PyTorch default 0.9)
 * @param beta2 decay of the second moment (default 0.999)
 * @param eps added to the denominator (default 1e-8)
 * @param weightDecay weight decay (0 for none)
 * @param decoupled true for AdamW (the weight shrinks by {@code lr * weightDecay} before the update,
 *     {@code torch.optim.AdamW}); false for Adam's L2 penalty ({@code weightDecay * w} added to the
 *     gradient, {@code torch.optim.Adam})
 */
public record AdamConfig(
    double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {

  /** Validates the fields. */
  public AdamConfig {
    if (!(lr >= 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0)
        || !(weightDecay >= 0)) {
      throw new IllegalArgumentException(
          "Adam needs lr >= 0, 0 <= beta1, beta2 < 1, eps >= 0, weightDecay >= 0; got lr=" + lr
              + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + ", weightDecay="
              + weightDecay);
    }
  }

  /** {@code torch.optim.Adam(params, lr)}: betas (0.9, 0.999), eps 1e-8, no weight decay. */
  public static AdamConfig adam(double lr) {
    return new AdamConfig(lr, 0.9, 0.999, 1e-8, 0, false);
  }

  /** {@code torch.optim.AdamW(params, lr, weight_decay=wd)}: betas (0.9, 0.999), eps 1e-8. */
  public static AdamConfig adamW(double lr, double weightDecay) {
    return new AdamConfig(lr, 0.9, 0.999, 1e-8, weightDecay, true);
  }
}
