package org.flowmatch4j.nn;

import java.util.List;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;

/**
 * Exponential moving average of parameters, as TorchCFM's {@code ema(model, ema_model, decay)}:
 * after each optimiser step, {@code shadow = decay shadow + (1 - decay) w}, with the decay warmed
 * up over the first steps (see {@link #update(long)}). Evaluate with the
 * averaged weights inside {@code try (Ema.Applied a = ema.apply()) { ... }}, which swaps them into
 * the parameters and swaps the training weights back on close.
 */
public final class Ema {
  private final List<Parameter> params;
  private final double decay;
  private final Matrix[] shadow;
  private final Kernels kernels = Kernels.get();
  private boolean applied;

  /** Starts the average at the parameters' current values. */
  public Ema(List<Parameter> params, double decay) {
    if (!(decay >= 0 && decay <= 1)) {
      throw new IllegalArgumentException("EMA decay must be in [0, 1], got " + decay);
    }
    this.params = List.copyOf(params);
    this.decay = decay;
    shadow = new Matrix[this.params.size()];
    for (int i = 0; i < shadow.length; i++) {
      shadow[i] = this.params.get(i).value().copy();
    }
  }

  /** The decay. */
  public double decay() {
    return decay;
  }

  /** The averaged value of parameter i. */
  public Matrix shadow(int i) {
    return shadow[i];
  }

  /**
   * {@code shadow = d shadow + (1 - d) w} for every parameter after optimiser step {@code step}
   * (counted from 0), with the warmed-up decay {@code d = min(decay, (1 + step) / (10 + step))}: early
   * in training the average follows the weights closely, so a short run is not pulled back to its
   * initialisation.
   */
  public void update(long step) {
    if (applied) {
      throw new IllegalStateException("EMA update while the averaged weights are applied");
    }
    if (step < 0) {
      throw new IllegalArgumentException("EMA step must be >= 0, got " + step);
    }
    double d = Math.min(decay, (1.0 + step) / (10.0 + step));
    float a = (float) d;
    float b = (float) (1 - d);
    for (int i = 0; i < shadow.length; i++) {
      float[] s = shadow[i].data;
      kernels.axpby(a, s, 0, b, params.get(i).value().data, 0, s, 0, s.length, false);
    }
  }

  /** Swaps the averaged weights into the parameters until {@link Applied#close()}. */
  public Applied apply() {
    if (applied) {
      throw new IllegalStateException("EMA weights are already applied");
    }
    swap();
    applied = true;
    return new Applied();
  }

  private void swap() {
    for (int i = 0; i < shadow.length; i++) {
      float[] w = params.get(i).value().data;
      float[] s = shadow[i].data;
      for (int j = 0; j < w.length; j++) {
        float tmp = w[j];
        w[j] = s[j];
        s[j] = tmp;
      }
    }
  }

  /** Copies the averaged weights into other parameters of the same shapes (another network). */
  public void copyTo(List<Parameter> target) {
    if (target.size() != shadow.length) {
      throw new IllegalArgumentException(
          "EMA holds " + shadow.length + " tensors, target has " + target.size());
    }
    for (int i = 0; i < shadow.length; i++) {
      Matrix dst = target.get(i).value();
      dst.requireShape(shadow[i].rows, shadow[i].cols, "EMA target " + target.get(i).name());
      System.arraycopy(applied ? params.get(i).value().data : shadow[i].data, 0, dst.data, 0,
          dst.data.length);
    }
  }

  /** Stores the averaged weights as tensors named like the parameters, and the decay. */
  public void save(Checkpoint ck, String section) {
    ck.put(section + ".decay", Double.toString(decay));
    for (int i = 0; i < shadow.length; i++) {
      ck.putTensor(section, params.get(i).name(),
          applied ? params.get(i).value() : shadow[i]);
    }
  }

  /** Restores averaged weights saved by {@link #save}. */
  public void load(Checkpoint ck, String section) {
    if (applied) {
      throw new IllegalStateException("cannot load EMA weights while they are applied");
    }
    for (int i = 0; i < shadow.length; i++) {
      ck.copyTensor(section, params.get(i).name(), shadow[i]);
    }
  }

  /** The averaged weights in use; closing puts the training weights back. */
  public final class Applied implements AutoCloseable {
    private boolean open = true;

    private Applied() {}

    @Override
    public void close() {
      if (open) {
        swap();
        applied = false;
        open = false;
      }
    }
  }
}
