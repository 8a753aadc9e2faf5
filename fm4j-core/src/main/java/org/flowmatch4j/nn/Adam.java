package org.flowmatch4j.nn;

import java.util.List;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;

/**
 * Adam and AdamW (Kingma and Ba 2015; Loshchilov and Hutter 2019) with bias correction, following
 * {@code torch.optim.Adam} / {@code AdamW} (PyTorch 1.13, single-tensor path) operation by
 * operation. At step t = 1, 2, ... for each parameter w with gradient g:
 *
 * <pre>
 *   AdamW:  w = w (1 - lr wd)             Adam with weight decay:  g = g + wd w
 *   m = beta1 m + (1 - beta1) g
 *   v = beta2 v + (1 - beta2) g^2
 *   w = w - (lr / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * The moments and the step count are state that {@link #save}/{@link #load} keep in a {@link
 * Checkpoint}, so that training resumes exactly.
 */
public final class Adam {
  private final List<Parameter> params;
  private final AdamConfig config;
  private final Kernels kernels;
  private final Matrix[] m;
  private final Matrix[] v;
  private long steps;

  /** An optimiser for the given parameters on the default kernels. */
  public Adam(List<Parameter> params, AdamConfig config) {
    this(params, config, Kernels.get());
  }

  /** An optimiser for the given parameters on the given kernels. */
  public Adam(List<Parameter> params, AdamConfig config, Kernels kernels) {
    this.params = List.copyOf(params);
    this.config = config;
    this.kernels = kernels;
    m = new Matrix[this.params.size()];
    v = new Matrix[this.params.size()];
    for (int i = 0; i < m.length; i++) {
      Matrix w = this.params.get(i).value();
      m[i] = new Matrix(w.rows, w.cols);
      v[i] = new Matrix(w.rows, w.cols);
    }
  }

  /** The settings. */
  public AdamConfig config() {
    return config;
  }

  /** The parameters this optimiser updates. */
  public List<Parameter> parameters() {
    return params;
  }

  /** Number of steps taken (t of the last step). */
  public long steps() {
    return steps;
  }

  /** First moment (exp_avg) of parameter i. */
  public Matrix firstMoment(int i) {
    return m[i];
  }

  /** Second moment (exp_avg_sq) of parameter i. */
  public Matrix secondMoment(int i) {
    return v[i];
  }

  /** Sets the gradients of all parameters to zero. */
  public void zeroGrad() {
    for (Parameter p : params) {
      p.zeroGrad();
    }
  }

  /** One update with the configured learning rate. */
  public void step() {
    step(config.lr());
  }

  /** One update with learning rate {@code lr} (for example from a {@link LrSchedule}). */
  public void step(double lr) {
    steps++;
    double bc1 = 1 - Math.pow(config.beta1(), steps);
    double bc2 = 1 - Math.pow(config.beta2(), steps);
    float stepSize = (float) (lr / bc1);
    float bc2Sqrt = (float) Math.sqrt(bc2);
    float l2 = config.decoupled() ? 0f : (float) config.weightDecay();
    float weightScale = config.decoupled() ? (float) (1 - lr * config.weightDecay()) : 1f;
    for (int i = 0; i < m.length; i++) {
      Parameter p = params.get(i);
      kernels.adam(p.value().data, p.grad().data, m[i].data, v[i].data, p.size(),
          (float) config.beta1(), (float) config.beta2(), stepSize, bc2Sqrt, (float) config.eps(),
          l2, weightScale);
    }
  }

  /**
   * Stores the state in section {@code section} of the checkpoint: tensors {@code
   * exp_avg/<name>} and {@code exp_avg_sq/<name>}, and header keys {@code <section>.step} and the
   * configuration.
   */
  public void save(Checkpoint ck, String section) {
    ck.put(section + ".optimizer", config.decoupled() ? "adamw" : "adam");
    ck.put(section + ".step", Long.toString(steps));
    ck.put(section + ".lr", Double.toString(config.lr()));
    ck.put(section + ".beta1", Double.toString(config.beta1()));
    ck.put(section + ".beta2", Double.toString(config.beta2()));
    ck.put(section + ".eps", Double.toString(config.eps()));
    ck.put(section + ".weightDecay", Double.toString(config.weightDecay()));
    for (int i = 0; i < m.length; i++) {
      String name = params.get(i).name();
      ck.putTensor(section, "exp_avg/" + name, m[i]);
      ck.putTensor(section, "exp_avg_sq/" + name, v[i]);
    }
  }

  /**
   * Restores the state saved by {@link #save} into this optimiser (built for parameters with the
   * same names and shapes).
   *
   * @throws IllegalArgumentException naming the missing or mismatched tensor or key
   */
  public void load(Checkpoint ck, String section) {
    String step = ck.get(section + ".step");
    if (step == null) {
      throw new IllegalArgumentException("checkpoint has no optimizer state: missing header key "
          + section + ".step");
    }
    long s;
    try {
      s = Long.parseLong(step.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "header key " + section + ".step: expected an integer, got " + step);
    }
    for (int i = 0; i < m.length; i++) {
      String name = params.get(i).name();
      ck.copyTensor(section, "exp_avg/" + name, m[i]);
      ck.copyTensor(section, "exp_avg_sq/" + name, v[i]);
    }
    steps = s;
  }
}
