package org.flowmatch4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;

/**
 * A multi-layer perceptron velocity field {@code v(x, t [, c])} (see {@link MlpConfig}):
 *
 * <pre>
 *   h_0 = [x | time features of t | c]                      n x (d + T + C)
 *   z_l = h_{l-1} W_l^T + b_l,     l = 1 .. depth            n x width
 *   h_l = f(z_l)
 *   v   = h_depth W_out^T + b_out                            n x outputDim
 * </pre>
 *
 * With FiLM ({@link ConditionInjection#FILM}, {@link ConditionInjection#CONCAT_AND_FILM}) each
 * hidden pre-activation is modulated by the condition before the activation,
 *
 * <pre>
 *   z_l &lt;- (1 + c G_l^T) * z_l + c B_l^T                    G_l, B_l width x C
 * </pre>
 *
 * and for FILM alone h_0 = [x | time features of t]. G_l and B_l ({@code film.(l-1).gamma},
 * {@code film.(l-1).beta}) start at zero, so an untrained FiLM network computes the same function
 * as the network without it (for CONCAT_AND_FILM, with the very same initial weights as CONCAT).
 * They have no bias: the zero condition (the null condition of classifier-free guidance) then
 * leaves the layer unmodulated, and a bias would only repeat b_l or rescale the rows of W_l.
 *
 *
 * With attention pooling ({@link MlpConfig#pooling()}) c starts with a padded, masked set that
 * {@link AttentionPool} pools first: every path above sees {@code [pool | rest]} in place of c.
 *
 * Parameters are named {@code layers.i.weight} (out x in) and {@code layers.i.bias} (1 x out), i =
 * 0 .. depth, and initialised as PyTorch's {@code nn.Linear}: weight and bias uniform in {@code
 * [-1/sqrt(fan_in), 1/sqrt(fan_in)]} (kaiming-uniform with a = sqrt(5)), drawn from a {@link
 * SplittableRandom} seeded with the configuration's seed.
 *
 * <p>Two ways to evaluate it:
 *
 * <ul>
 *   <li>On a {@link Tape}, for training: {@link #forward(Tape, Var, Var, Var)}, {@link #jvp} (a
 *       differentiable directional derivative) and {@link #divergence(Tape, Var, Var, Var)}.
 *   <li>Without a tape, for sampling and likelihoods: {@link #forward(Matrix, Matrix, Matrix,
 *       Matrix)}, {@link #jvp(Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix)} and
 *       {@link #divergence(Matrix, Matrix, Matrix, Matrix, Matrix)}, computed by {@link
 *       MlpInference}. They keep a workspace per batch size and allocate nothing after their
 *       first call at that size. Not thread-safe.
 * </ul>
 */
public final class Mlp {
  private final MlpConfig config;
  private final Parameter[] weights;
  private final Parameter[] biases;
  private final Parameter[] gammas;
  private final Parameter[] betas;
  private final AttentionPool pool;
  private final List<Parameter> parameters;
  private final double[] omega;
  private final MlpInference inference;

  /** A network initialised from {@code config.seed()}, on the default kernels. */
  public Mlp(MlpConfig config) {
    this(config, Kernels.get());
  }

  /** A network initialised from {@code config.seed()}, evaluated with the given kernels. */
  public Mlp(MlpConfig config, Kernels kernels) {
    this.config = config;
    int layers = config.depth() + 1;
    weights = new Parameter[layers];
    biases = new Parameter[layers];
    List<Parameter> all = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(config.seed());
    for (int l = 0; l < layers; l++) {
      int in = l == 0 ? config.firstLayerInputs() : config.width();
      int out = l == config.depth() ? config.outputDim() : config.width();
      double bound = 1.0 / Math.sqrt(in);
      Matrix w = new Matrix(out, in);
      Matrix b = new Matrix(1, out);
      for (int i = 0; i < w.data.length; i++) {
        w.data[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
      }
      for (int i = 0; i < b.data.length; i++) {
        b.data[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
      }
      weights[l] = new Parameter("layers." + l + ".weight", w);
      biases[l] = new Parameter("layers." + l + ".bias", b);
      all.add(weights[l]);
      all.add(biases[l]);
    }
    int film = config.conditioning().modulates() ? config.depth() : 0;
    gammas = new Parameter[film];
    betas = new Parameter[film];
    for (int l = 0; l < film; l++) {
      gammas[l] = new Parameter("film." + l + ".gamma",
          new Matrix(config.width(), config.condFeatures()));
      betas[l] = new Parameter("film." + l + ".beta",
          new Matrix(config.width(), config.condFeatures()));
      all.add(gammas[l]);
      all.add(betas[l]);
    }
    pool = config.pooling() != null ? new AttentionPool(config.pooling(), rng) : null;
    if (pool != null) {
      all.add(pool.query());
      all.add(pool.key());
      all.add(pool.value());
    }
    parameters = Collections.unmodifiableList(all);
    omega = config.timeEncoding() == TimeEncoding.SINUSOIDAL
        ? TimeEncoding.frequencies(config.timeEmbeddingDim()) : null;
    inference = new MlpInference(this, kernels, omega);
  }

  /** The architecture. */
  public MlpConfig config() {
    return config;
  }

  /**
   * The parameters in a fixed order: layers.0.weight, layers.0.bias, layers.1.weight, ..., then
   * with FiLM film.0.gamma, film.0.beta, film.1.gamma, ..., then with attention pooling
   * pool.query, pool.key, pool.value
   */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** The attention pooling of the condition set, or null without one. */
  public AttentionPool pool() {
    return pool;
  }

  /** Number of linear layers (depth + 1). */
  public int layers() {
    return weights.length;
  }

  /** The weight (out x in) of linear layer {@code l}. */
  public Parameter weight(int l) {
    return weights[l];
  }

  /** The bias (1 x out) of linear layer {@code l}. */
  public Parameter bias(int l) {
    return biases[l];
  }

  /** Whether the hidden layers are FiLM-modulated by the condition. */
  public boolean film() {
    return gammas.length > 0;
  }

  /** The FiLM scale map G (width x condDim) of hidden layer {@code l} (0 .. depth - 1). */
  public Parameter filmGamma(int l) {
    return gammas[l];
  }

  /** The FiLM shift map B (width x condDim) of hidden layer {@code l} (0 .. depth - 1). */
  public Parameter filmBeta(int l) {
    return betas[l];
  }

  /** Number of trainable scalars. */
  public long parameterCount() {
    long n = 0;
    for (Parameter p : parameters) {
      n += p.size();
    }
    return n;
  }

  /** Sets every parameter's gradient to zero. */
  public void zeroGrad() {
    for (Parameter p : parameters) {
      p.zeroGrad();
    }
  }

  /** A new network of the same configuration holding a copy of these parameter values. */
  public Mlp copy() {
    Mlp c = new Mlp(config);
    c.copyParametersFrom(this);
    return c;
  }

  /** Copies the parameter values of a network of the same architecture into this one. */
  public void copyParametersFrom(Mlp other) {
    if (!sameShape(other)) {
      throw new IllegalArgumentException(
          "cannot copy parameters between different architectures: " + other.config + " vs "
              + config);
    }
    for (int i = 0; i < parameters.size(); i++) {
      float[] src = other.parameters.get(i).value().data;
      System.arraycopy(src, 0, parameters.get(i).value().data, 0, src.length);
    }
  }

  private boolean sameShape(Mlp other) {
    MlpConfig a = config;
    MlpConfig b = other.config;
    return a.inputDim() == b.inputDim() && a.condDim() == b.condDim()
        && a.outputDim() == b.outputDim() && a.width() == b.width() && a.depth() == b.depth()
        && a.timeFeatures() == b.timeFeatures() && a.conditioning() == b.conditioning()
        && java.util.Objects.equals(a.pooling(), b.pooling());
  }

  /**
   * Stores the architecture as header keys {@code <section>.*} (see {@link
   * MlpConfig#toHeader(String)}) and the parameters as tensors of the section, under their names.
   */
  public void save(Checkpoint ck, String section) {
    ck.putAll(config.toHeader(section));
    for (Parameter p : parameters) {
      ck.putTensor(section, p.name(), p.value());
    }
  }

  /**
   * Rebuilds a network saved by {@link #save} in {@code section}.
   *
   * @throws IllegalArgumentException naming the missing or mismatched key or tensor
   */
  public static Mlp load(Checkpoint ck, String section) {
    Mlp mlp = new Mlp(MlpConfig.fromHeader(ck.header(), section));
    mlp.loadParameters(ck, section);
    return mlp;
  }

  /** Copies the parameters stored in {@code section} into this network. */
  public void loadParameters(Checkpoint ck, String section) {
    for (Parameter p : parameters) {
      ck.copyTensor(section, p.name(), p.value());
    }
  }

  // ------------------------------------------------------------------ checks

  void checkInputs(int xr, int xc, int tr, int tc, Matrix c, Var cv) {
    if (xc != config.inputDim()) {
      throw new IllegalArgumentException(
          "x must have " + config.inputDim() + " columns, got " + xr + "x" + xc);
    }
    if (tr != xr || tc != 1) {
      throw new IllegalArgumentException(
          "t must be " + xr + "x1 for x of " + xr + "x" + xc + ", got " + tr + "x" + tc);
    }
    int cr = c != null ? c.rows : cv != null ? cv.rows() : -1;
    int cc = c != null ? c.cols : cv != null ? cv.cols() : -1;
    if (config.condDim() == 0) {
      if (cr >= 0) {
        throw new IllegalArgumentException(
            "this network has no condition (condDim 0), but c was given");
      }
    } else if (cr != xr || cc != config.condDim()) {
      throw new IllegalArgumentException(
          "c must be " + xr + "x" + config.condDim() + ", got "
              + (cr < 0 ? "null" : cr + "x" + cc));
    }
  }

  // ------------------------------------------------------------------ on a tape

  private Var input(Tape tape, Var x, Var t, Var c) {
    Var time = omega == null ? t : tape.sinusoidal(t, omega);
    return c == null || !config.conditioning().concatenates() ? tape.concat(x, time)
        : tape.concat(x, time, c);
  }

  /** {@code (1 + c G_l^T) * z + c B_l^T} on the tape; z itself without FiLM. */
  private Var modulate(Tape tape, int l, Var z, Var c) {
    if (gammas.length == 0) {
      return z;
    }
    Var gamma = tape.linear(c, tape.param(gammas[l]), null);
    Var beta = tape.linear(c, tape.param(betas[l]), null);
    return tape.add(tape.add(z, tape.mul(gamma, z)), beta);
  }

  /**
   * The tangent of {@link #modulate} for stacked tangents zd of z and dc of c (null: zero): {@code
   * (1 + gamma) * zd + (dc G^T) * z + dc B^T}.
   */
  private Var modulateTangent(Tape tape, int l, Var z, Var zd, Var c, Var dc) {
    if (gammas.length == 0) {
      return zd;
    }
    Var gamma = tape.linear(c, tape.param(gammas[l]), null);
    Var out = tape.add(zd, tape.mulBlocks(gamma, zd));
    if (dc == null) {
      return out;
    }
    Var gammaDot = tape.linear(dc, tape.param(gammas[l]), null);
    Var betaDot = tape.linear(dc, tape.param(betas[l]), null);
    return tape.add(tape.add(out, tape.mulBlocks(z, gammaDot)), betaDot);
  }

  /**
   * Records {@code v(x, t, c)} on the tape. x is n x inputDim, t is n x 1, c is n x condDim or
   * null when condDim is 0. Returns v, n x outputDim.
   */
  public Var forward(Tape tape, Var x, Var t, Var c) {
    checkInputs(x.rows(), x.cols(), t.rows(), t.cols(), null, c);
    if (pool != null) {
      c = pool.forward(tape, c);
    }
    Activation f = config.activation();
    Var h = input(tape, x, t, c);
    for (int l = 0; l < weights.length - 1; l++) {
      Var z = tape.linear(h, tape.param(weights[l]), tape.param(biases[l]));
      h = tape.activation(f, modulate(tape, l, z, c));
    }
    int last = weights.length - 1;
    return tape.linear(h, tape.param(weights[last]), tape.param(biases[last]));
  }

  /**
   * Records v and its directional derivative {@code J u = dv/dx dx + dv/dt dt + dv/dc dc} on the
   * tape, both differentiable. Tangents dx ((k n) x inputDim), dt ((k n) x 1), dc ((k n) x
   * condDim) stack k directions as blocks of n rows; a null tangent is zero (at least one must be
   * given). For example {@code jvp(tape, x, t, null, null, ones, null).tangent()} is {@code
   * dv/dt}.
   */
  public Jvp jvp(Tape tape, Var x, Var t, Var c, Var dx, Var dt, Var dc) {
    checkInputs(x.rows(), x.cols(), t.rows(), t.cols(), null, c);
    int n = x.rows();
    int rows = tangentRows(n, dx, dt, dc);
    if (dx != null && dx.cols() != config.inputDim()) {
      throw new IllegalArgumentException(
          "dx must have " + config.inputDim() + " columns, got " + dx.shape());
    }
    if (dt != null && dt.cols() != 1) {
      throw new IllegalArgumentException("dt must have 1 column, got " + dt.shape());
    }
    if (dc != null && dc.cols() != config.condDim()) {
      throw new IllegalArgumentException(
          "dc must have " + config.condDim() + " columns, got " + dc.shape());
    }
    if (pool != null) {
      if (dc != null) {
        throw new IllegalArgumentException("a JVP along c is not available with attention pooling");
      }
      c = pool.forward(tape, c);
    }
    Activation f = config.activation();
    Var in = input(tape, x, t, c);
    Var dxv = dx != null ? dx : tape.zeros(rows, config.inputDim());
    Var dtime;
    if (omega == null) {
      dtime = dt != null ? dt : tape.zeros(rows, 1);
    } else {
      dtime = dt != null ? tape.sinusoidalJvp(t, dt, omega)
          : tape.zeros(rows, config.timeEmbeddingDim());
    }
    Var inDot;
    if (config.condDim() == 0 || !config.conditioning().concatenates()) {
      inDot = tape.concat(dxv, dtime);
    } else {
      inDot = tape.concat(dxv, dtime, dc != null ? dc : tape.zeros(rows, config.condFeatures()));
    }
    Var z = tape.linear(in, tape.param(weights[0]), tape.param(biases[0]));
    Var zd = tape.linear(inDot, tape.param(weights[0]), null);
    for (int l = 1; l < weights.length; l++) {
      zd = modulateTangent(tape, l - 1, z, zd, c, dc);
      z = modulate(tape, l - 1, z, c);
      Var h = tape.activation(f, z);
      Var hd = tape.activationJvp(f, z, zd);
      z = tape.linear(h, tape.param(weights[l]), tape.param(biases[l]));
      zd = tape.linear(hd, tape.param(weights[l]), null);
    }
    return new Jvp(z, zd);
  }

  private static int tangentRows(int n, Var dx, Var dt, Var dc) {
    int rows = -1;
    for (Var v : new Var[] {dx, dt, dc}) {
      if (v == null) {
        continue;
      }
      if (n == 0 || v.rows() % n != 0 || v.rows() == 0 || (rows >= 0 && v.rows() != rows)) {
        throw new IllegalArgumentException(
            "tangents must all stack the same number of blocks of " + n + " rows, got "
                + v.shape());
      }
      rows = v.rows();
    }
    if (rows < 0) {
      throw new IllegalArgumentException("jvp needs at least one non-null tangent");
    }
    return rows;
  }

  /**
   * Records the exact divergence {@code div v = sum_j dv_j/dx_j} (n x 1) together with v, using
   * one JVP with the d stacked unit tangents (cost about d forward passes). Differentiable.
   * Requires outputDim == inputDim.
   */
  public ValueAndDivergence divergence(Tape tape, Var x, Var t, Var c) {
    int d = config.inputDim();
    if (config.outputDim() != d) {
      throw new IllegalArgumentException(
          "divergence needs outputDim == inputDim, got " + config.outputDim() + " and " + d);
    }
    int n = x.rows();
    Jvp j = jvp(tape, x, t, c, tape.unitTangents(n, d), null, null);
    return new ValueAndDivergence(j.value(), tape.stackedTrace(j.tangent(), n));
  }

  // ------------------------------------------------------------------ without a tape (MlpInference)

  /**
   * Writes {@code v(x, t, c)} into {@code out} (n x outputDim) without recording anything. c is
   * null when condDim is 0.
   */
  public void forward(Matrix x, Matrix t, Matrix c, Matrix out) {
    inference.forward(x, t, c, out);
  }

  /**
   * Writes v into {@code out} (n x outputDim) and the directional derivative {@code J u} into
   * {@code dout} ((k n) x outputDim) for stacked tangents dx, dt, dc ((k n) rows; null means zero,
   * at least one given). No tape; not differentiable (see {@link #jvp(Tape, Var, Var, Var, Var,
   * Var, Var)} for that).
   */
  public void jvp(Matrix x, Matrix t, Matrix c, Matrix dx, Matrix dt, Matrix dc, Matrix out,
      Matrix dout) {
    inference.jvp(x, t, c, dx, dt, dc, out, dout);
  }

  /**
   * Writes v into {@code out} (n x d) and the exact divergence {@code sum_j dv_j/dx_j} into {@code
   * div} (n x 1), without a tape. Uses the d unit tangents in chunks, the first layer's tangent in
   * closed form (a column of W_0) and only the diagonal of the last layer's, so it costs about d
   * forward passes of the hidden layers. Requires outputDim == inputDim.
   */
  public void divergence(Matrix x, Matrix t, Matrix c, Matrix out, Matrix div) {
    inference.divergence(x, t, c, out, div);
  }
}
