package org.flowmatch4j;

import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.coupling.CoupledPairs;
import org.flowmatch4j.fm.path.Prediction;
import org.flowmatch4j.fm.source.EmpiricalSource;
import org.flowmatch4j.fm.source.GaussianSource;
import org.flowmatch4j.fm.source.Source;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.FlowMatchingObjective;
import org.flowmatch4j.train.TrainConfig;
import org.flowmatch4j.train.Trainer;

/**
 * The front door for training a flow: choose the method and the network, then {@link
 * Builder#fit(Matrix, Matrix) fit} a source and a target point cloud, or {@link
 * Builder#fit(Matrix) fit} a target from standard Gaussian noise. The result is an immutable
 * {@link FlowModel}.
 *
 * <pre>{@code
 * FlowModel model = FlowMatching.builder()
 *     .matcher(Matcher.OTCFM).sigma(0.1)
 *     .network(64, 3)
 *     .steps(2000).seed(1)
 *     .fit(Matrix.of(source), Matrix.of(target));
 * Matrix generated = model.sample(1000, new SplittableRandom(2));
 * }</pre>
 *
 * <p>Training minimises the conditional flow-matching loss {@code E || v(x_t, t) - u_t ||^2} over
 * pairs (x0, x1) drawn from the source and the target (coupled as the matcher says: independent,
 * exact minibatch OT, entropic OT), t uniform on the path's interval and x_t, u_t from the
 * matcher's path; see {@link FlowMatchingObjective}. The same configuration and data give the same
 * model bit for bit.
 */
public final class FlowMatching {
  private FlowMatching() {}

  /** A builder with the defaults listed at each setter. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a fit; each setter returns this builder. Not thread-safe. */
  public static final class Builder extends FitBuilder<Builder> {
    private Matcher matcher = Matcher.OTCFM;
    private Double sigma;
    private int width = 64;
    private int depth = 3;
    private Activation activation = Activation.SELU;
    private int steps = 2000;
    private int batch = 256;
    private double lr = 1e-3;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The method (default {@link Matcher#OTCFM}). */
    public Builder matcher(Matcher m) {
      this.matcher = m;
      return this;
    }

    /**
     * The method's width sigma (default: {@link Matcher#defaultSigma()} of the method); a method
     * without one ({@link Matcher#hasSigma()} false) refuses it in {@link #config()}.
     */
    public Builder sigma(double s) {
      this.sigma = s;
      return this;
    }

    /** An MLP of {@code depth} hidden layers of {@code width} units (default 64 x 3). */
    public Builder network(int hiddenWidth, int hiddenLayers) {
      this.width = hiddenWidth;
      this.depth = hiddenLayers;
      return this;
    }

    /** The hidden activation (default {@link Activation#SELU}). */
    public Builder activation(Activation f) {
      this.activation = f;
      return this;
    }

    /** Optimiser steps (default 2000). */
    public Builder steps(int n) {
      this.steps = n;
      return this;
    }

    /** Pairs per step (default 256). */
    public Builder batch(int n) {
      this.batch = n;
      return this;
    }

    /** Adam learning rate (default 1e-3). */
    public Builder lr(double rate) {
      this.lr = rate;
      return this;
    }


    /**
     * The configuration these settings make.
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public FlowConfig config() {
      if (matcher == null) {
        throw new IllegalArgumentException("flow matching: matcher must be given");
      }
      if (sigma != null && !matcher.hasSigma()) {
        throw new IllegalArgumentException("flow matching: sigma does not apply to matcher " + matcher.cliName()
            + ": " + matcher.whyNoSigma());
      }
      return new FlowConfig(
          matcher, sigma != null ? sigma : matcher.defaultSigma(), width, depth, activation, steps, batch, lr, seed);
    }

    /**
     * Trains a flow from standard Gaussian noise in the target's dimension to the rows of {@code
     * target} (n x d).
     *
     * @throws IllegalArgumentException if the target is empty or not finite, or a setting is out
     *     of range
     * @throws IllegalStateException if the loss becomes non-finite (lower the learning rate)
     */
    public FlowModel fit(Matrix target) {
      return fit(null, target);
    }

    /**
     * Trains a flow from the rows of {@code source} (m x d), or from standard Gaussian noise when
     * {@code source} is null, to the rows of {@code target} (n x d). Both clouds are copied.
     *
     * @throws IllegalArgumentException if a cloud is empty or not finite, the dimensions differ,
     *     the method needs a Gaussian source, or a setting is out of range
     * @throws IllegalStateException if the loss becomes non-finite (lower the learning rate)
     */
    public FlowModel fit(Matrix source, Matrix target) {
      FlowConfig cfg = config();
      Matrix x1 = finiteCopy(target, "target");
      Matrix x0 = source == null ? null : finiteCopy(source, "source");
      if (x0 != null && x0.cols != x1.cols) {
        throw new IllegalArgumentException(
            "flow matching: source has " + x0.cols + " columns, target " + x1.cols);
      }
      if (x0 != null && cfg.matcher().requiresGaussianSource()) {
        throw new IllegalArgumentException(
            "flow matching: " + cfg.matcher().cliName() + " needs the Gaussian source; fit(target) uses it");
      }
      int d = x1.cols;
      Source p0 = x0 == null ? new GaussianSource(d) : new EmpiricalSource(x0);
      Mlp net = new Mlp(MlpConfig.velocity(d, cfg.width(), cfg.depth(), cfg.activation(), cfg.seed() * 1_000_003L + 1));
      FlowMatchingObjective objective = new FlowMatchingObjective(
          cfg.matcher().cliName(), new CoupledPairs(p0, new EmpiricalSource(x1), cfg.matcher().coupling(cfg.sigma()).create()),
          cfg.matcher().path(cfg.sigma()), net, null, Prediction.VELOCITY, cfg.batch());
      Trainer.train(objective, TrainConfig.simple(cfg.steps(), cfg.lr(), cfg.seed()), listener);
      return new FlowModel(net, cfg, x0, Provenance.of(x0, x1));
    }

    private static Matrix finiteCopy(Matrix m, String what) {
      if (m == null || m.rows == 0 || m.cols == 0) {
        throw new IllegalArgumentException("flow matching: the " + what + " needs at least one row and one column");
      }
      for (int k = 0; k < m.data.length; k++) {
        if (!Float.isFinite(m.data[k])) {
          throw new IllegalArgumentException(
              "flow matching: " + what + " row " + k / m.cols + " column " + k % m.cols + " is " + m.data[k]);
        }
      }
      return m.copy();
    }
  }
}
