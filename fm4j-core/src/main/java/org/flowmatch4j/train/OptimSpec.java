package org.flowmatch4j.train;

import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.nn.AdamConfig;

/**
 * How a task's network is optimised: {@code steps} steps of Adam or AdamW on minibatches of {@code
 * batch}, at learning rate {@code lr}, with optional gradient clipping and a weight average used
 * for prediction.
 *
 * @param steps optimiser steps (at least 1)
 * @param batch samples per population and step (at least 1); what a sample is, the task says
 * @param lr learning rate (finite, > 0)
 * @param weightDecay weight decay (finite, >= 0): decoupled for {@link #adamW()}, an L2 penalty
 *     for {@link #adam()}
 * @param gradClip largest global gradient norm, 0 for no clipping
 * @param emaDecay decay of the exponential moving average of the weights, in [0, 1); 0 for none
 */
public record OptimSpec(int steps, int batch, double lr, double weightDecay, double gradClip, double emaDecay) {

  /** Checks the settings; a wrong one is named in the exception. */
  public OptimSpec {
    ConfigChecks.atLeast("{steps}", steps, 1);
    ConfigChecks.atLeast("{batch}", batch, 1);
    ConfigChecks.positive("{lr}", lr);
    ConfigChecks.nonNegative("{weight-decay}", weightDecay);
    if (!(gradClip >= 0) || !(emaDecay >= 0 && emaDecay < 1)) {
      throw new InvalidSettingException(
          "need {grad-clip} >= 0 and {ema} in [0, 1), got " + gradClip + " and " + emaDecay);
    }
  }

  /** These settings with another number of steps. */
  public OptimSpec withSteps(int newSteps) {
    return new OptimSpec(newSteps, batch, lr, weightDecay, gradClip, emaDecay);
  }

  /** These settings with another weight-average decay (0 for none). */
  public OptimSpec withEmaDecay(double newDecay) {
    return new OptimSpec(steps, batch, lr, weightDecay, gradClip, newDecay);
  }

  /** AdamW ({@code torch.optim.AdamW}) at {@code lr} with decoupled weight decay. */
  public AdamConfig adamW() {
    return AdamConfig.adamW(lr, weightDecay);
  }

  /** Adam ({@code torch.optim.Adam}) at {@code lr}, the weight decay as an L2 penalty. */
  public AdamConfig adam() {
    return new AdamConfig(lr, 0.9, 0.999, 1e-8, weightDecay, false);
  }

  /**
   * A training run of {@code runSteps} steps with the optimiser {@code adam} and this clipping and
   * weight average, at a constant rate, without checkpoints.
   */
  public TrainConfig train(AdamConfig adam, int runSteps, long seed) {
    return new TrainConfig(runSteps, adam, null, gradClip, emaDecay, seed, null, 0, false);
  }
}
