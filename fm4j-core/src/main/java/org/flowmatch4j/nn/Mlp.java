package org.flowmatch4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Three ways to evaluate it:
 *
 * <ul>
 *   <li>On a {@link Tape}, for training: {@link #forward(Tape, Var, Var, Var)}, {@link #jvp} (a
 *       differentiable directional derivative) and {@link #divergence(Tape, Var, Var, Var)}.
 *   <li>Without a tape, for sampling and likelihoods: {@link #forward(Matrix, Matrix, Matrix,
 *       Matrix)}, {@link #jvp(Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix)} and
 *       {@link #divergence(Matrix, Matrix, Matrix, Matrix, Matrix)}. They keep a workspace per
 *       batch size and allocate nothing after their first call at that size. Not thread-safe.
 * </ul>
 */
public final class Mlp {
  /** Rows of stacked tangents processed at once by the divergence fast path. */
  private static final int DIVERGENCE_ROWS = 8192;

  private final MlpConfig config;
  private final Kernels kernels;
  private final Parameter[] weights;
  private final Parameter[] biases;
  private final Parameter[] gammas;
  private final Parameter[] betas;
  private final AttentionPool pool;
  private final List<Parameter> parameters;
  private final double[] omega;
  private final Map<Long, Workspace> workspaces = new HashMap<>();
  private Workspace lastWorkspace;

  /** A network initialised from {@code config.seed()}, on the default kernels. */
  public Mlp(MlpConfig config) {
    this(config, Kernels.get());
  }

  /** A network initialised from {@code config.seed()}, evaluated with the given kernels. */
  public Mlp(MlpConfig config, Kernels kernels) {
    this.config = config;
    this.kernels = kernels;
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

  private void checkInputs(int xr, int xc, int tr, int tc, Matrix c, Var cv) {
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

  // ------------------------------------------------------------------ without a tape

  /** Buffers for the tape-free paths at one batch size (and tangent row count). */
  private final class Workspace {
    final Matrix in;
    final Matrix[] h;
    final Matrix[] d1;
    final Matrix inDot;
    final Matrix[] hd;
    final Matrix column;
    final Matrix gamma;
    final Matrix beta;
    final int n;
    final int tangentRows;
    Matrix[] tail;
    Matrix gammaDot;
    Matrix betaDot;
    final Matrix pooled;
    final float[] poolKeys;
    final float[] poolValues;
    final float[] poolWeights;

    Workspace(int n, int tangentRows) {
      this.n = n;
      this.tangentRows = tangentRows;
      in = new Matrix(n, config.firstLayerInputs());
      int hidden = weights.length - 1;
      h = new Matrix[hidden];
      d1 = new Matrix[tangentRows > 0 ? hidden : 0];
      hd = new Matrix[tangentRows > 0 ? 2 : 0];
      for (int l = 0; l < hidden; l++) {
        h[l] = new Matrix(n, config.width());
      }
      for (int l = 0; l < d1.length; l++) {
        d1[l] = new Matrix(n, config.width());
      }
      inDot = tangentRows > 0 ? new Matrix(tangentRows, config.firstLayerInputs()) : null;
      for (int l = 0; l < hd.length; l++) {
        hd[l] = new Matrix(tangentRows, config.width());
      }
      column = new Matrix(1, config.width());
      gamma = gammas.length > 0 ? new Matrix(n, config.width()) : null;
      beta = gammas.length > 0 ? new Matrix(n, config.width()) : null;
      AttentionPoolConfig pc = config.pooling();
      pooled = pc != null ? new Matrix(n, config.condFeatures()) : null;
      poolKeys = pc != null ? new float[n * pc.setSize() * pc.keyDim()] : null;
      poolValues = pc != null ? new float[n * pc.setSize() * pc.elementDim()] : null;
      poolWeights = pc != null ? new float[n * pc.setSize()] : null;
    }

    /** c itself, or with attention pooling {@code [pool | rest]} of c in {@link #pooled}. */
    Matrix condition(Matrix c) {
      if (pool == null || c == null) {
        return c;
      }
      pool.forward(c, pooled, poolKeys, poolValues, poolWeights);
      return pooled;
    }

    /** Buffers for the FiLM maps of the condition tangent (allocated on first use). */
    void ensureConditionTangent() {
      if (gammaDot == null) {
        gammaDot = new Matrix(tangentRows, config.width());
        betaDot = new Matrix(tangentRows, config.width());
      }
    }

    /** Two tangent buffers of the given row count (the last, shorter divergence chunk). */
    Matrix[] tangentPair(int rows) {
      if (rows == hd[0].rows) {
        return hd;
      }
      if (tail == null || tail[0].rows != rows) {
        tail = new Matrix[] {new Matrix(rows, config.width()), new Matrix(rows, config.width())};
      }
      return tail;
    }
  }

  private Workspace workspace(int n, int tangentRows) {
    Workspace last = lastWorkspace;
    if (last != null && last.n == n && last.tangentRows == tangentRows) {
      return last;
    }
    long key = ((long) n << 32) | tangentRows;
    Workspace ws = workspaces.get(key);
    if (ws == null) {
      if (workspaces.size() >= 8) {
        workspaces.clear(); // bounded: callers that vary batch sizes do not leak
      }
      ws = new Workspace(n, tangentRows);
      workspaces.put(key, ws);
    }
    lastWorkspace = ws;
    return ws;
  }

  private void fillInput(Matrix in, Matrix x, Matrix t, Matrix c) {
    int n = x.rows;
    int cols = in.cols;
    int d = config.inputDim();
    for (int i = 0; i < n; i++) {
      System.arraycopy(x.data, i * d, in.data, i * cols, d);
    }
    if (omega == null) {
      for (int i = 0; i < n; i++) {
        in.data[i * cols + d] = t.data[i];
      }
    } else {
      int half = omega.length;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < half; j++) {
          double a = omega[j] * t.data[i];
          in.data[i * cols + d + j] = (float) Math.cos(a);
          in.data[i * cols + d + half + j] = (float) Math.sin(a);
        }
      }
    }
    if (c != null && config.conditioning().concatenates()) {
      kernels.copyToColumns(c, in, d + config.timeFeatures());
    }
  }

  /** Fills the tangent of the first layer's input for stacked tangents (zeros where null). */
  private void fillInputTangent(Matrix inDot, Matrix t, Matrix dx, Matrix dt, Matrix dc) {
    int rows = inDot.rows;
    int n = t.rows;
    int cols = inDot.cols;
    int d = config.inputDim();
    java.util.Arrays.fill(inDot.data, 0f);
    if (dx != null) {
      for (int r = 0; r < rows; r++) {
        System.arraycopy(dx.data, r * d, inDot.data, r * cols, d);
      }
    }
    if (dt != null) {
      if (omega == null) {
        for (int r = 0; r < rows; r++) {
          inDot.data[r * cols + d] = dt.data[r];
        }
      } else {
        int half = omega.length;
        for (int r = 0; r < rows; r++) {
          double s = dt.data[r];
          double tv = t.data[r % n];
          for (int j = 0; j < half; j++) {
            double a = omega[j] * tv;
            inDot.data[r * cols + d + j] = (float) (-s * omega[j] * Math.sin(a));
            inDot.data[r * cols + d + half + j] = (float) (s * omega[j] * Math.cos(a));
          }
        }
      }
    }
    if (dc != null && config.conditioning().concatenates()) {
      kernels.copyToColumns(dc, inDot, d + config.timeFeatures());
    }
  }

  /**
   * FiLM of hidden layer l in place: {@code z <- (1 + gamma) * z + beta} with {@code gamma = c
   * G_l^T} and {@code beta = c B_l^T} left in the workspace's buffers.
   */
  private void modulate(Workspace ws, int l, Matrix c, Matrix z) {
    kernels.matmulTransB(c, gammas[l].value(), ws.gamma, false);
    kernels.matmulTransB(c, betas[l].value(), ws.beta, false);
    float[] zv = z.data;
    float[] g = ws.gamma.data;
    float[] b = ws.beta.data;
    for (int i = 0; i < zv.length; i++) {
      zv[i] = (zv[i] + g[i] * zv[i]) + b[i]; // the tape's order of operations
    }
  }

  /**
   * The tangent of FiLM for stacked tangents zd of the pre-modulation z (still unmodulated) and
   * dc of c (null: zero), in place: {@code zd <- (1 + gamma) * zd + (dc G^T) * z + dc B^T}. Needs
   * Leaves gamma in the workspace.
   */
  private void modulateTangent(Workspace ws, int l, Matrix c, Matrix z, Matrix zd, Matrix dc) {
    kernels.matmulTransB(c, gammas[l].value(), ws.gamma, false);
    int size = z.size();
    int blocks = zd.rows / z.rows;
    float[] g = ws.gamma.data;
    float[] zv = z.data;
    float[] t = zd.data;
    if (dc == null) {
      for (int b = 0; b < blocks; b++) {
        int o = b * size;
        for (int i = 0; i < size; i++) {
          t[o + i] = t[o + i] + g[i] * t[o + i];
        }
      }
      return;
    }
    ws.ensureConditionTangent();
    kernels.matmulTransB(dc, gammas[l].value(), ws.gammaDot, false);
    kernels.matmulTransB(dc, betas[l].value(), ws.betaDot, false);
    float[] gd = ws.gammaDot.data;
    float[] bd = ws.betaDot.data;
    for (int b = 0; b < blocks; b++) {
      int o = b * size;
      for (int i = 0; i < size; i++) {
        t[o + i] = ((t[o + i] + g[i] * t[o + i]) + gd[o + i] * zv[i]) + bd[o + i];
      }
    }
  }

  /**
   * Writes {@code v(x, t, c)} into {@code out} (n x outputDim) without recording anything. c is
   * null when condDim is 0.
   */
  public void forward(Matrix x, Matrix t, Matrix c, Matrix out) {
    checkInputs(x.rows, x.cols, t.rows, t.cols, c, null);
    out.requireShape(x.rows, config.outputDim(), "velocity output");
    Workspace ws = workspace(x.rows, 0);
    c = ws.condition(c);
    fillInput(ws.in, x, t, c);
    Matrix h = ws.in;
    Activation f = config.activation();
    for (int l = 0; l < ws.h.length; l++) {
      Matrix z = ws.h[l];
      kernels.linear(h, weights[l].value(), biases[l].value(), z);
      if (gammas.length > 0) {
        modulate(ws, l, c, z);
      }
      kernels.activation(f, z.data, 0, z.data, 0, null, 0, z.size());
      h = z;
    }
    int last = weights.length - 1;
    kernels.linear(h, weights[last].value(), biases[last].value(), out);
  }

  /**
   * Writes v into {@code out} (n x outputDim) and the directional derivative {@code J u} into
   * {@code dout} ((k n) x outputDim) for stacked tangents dx, dt, dc ((k n) rows; null means zero,
   * at least one given). No tape; not differentiable (see {@link #jvp(Tape, Var, Var, Var, Var,
   * Var, Var)} for that).
   */
  public void jvp(Matrix x, Matrix t, Matrix c, Matrix dx, Matrix dt, Matrix dc, Matrix out,
      Matrix dout) {
    checkInputs(x.rows, x.cols, t.rows, t.cols, c, null);
    int n = x.rows;
    int rows = -1;
    for (Matrix m : new Matrix[] {dx, dt, dc}) {
      if (m != null) {
        if (n == 0 || m.rows == 0 || m.rows % n != 0 || (rows >= 0 && m.rows != rows)) {
          throw new IllegalArgumentException(
              "tangents must all stack the same number of blocks of " + n + " rows, got "
                  + m.rows + "x" + m.cols);
        }
        rows = m.rows;
      }
    }
    if (rows < 0) {
      throw new IllegalArgumentException("jvp needs at least one non-null tangent");
    }
    if (dx != null) {
      dx.requireShape(rows, config.inputDim(), "dx");
    }
    if (dt != null) {
      dt.requireShape(rows, 1, "dt");
    }
    if (dc != null) {
      dc.requireShape(rows, config.condDim(), "dc");
      if (pool != null) {
        throw new IllegalArgumentException("a JVP along c is not available with attention pooling");
      }
    }
    out.requireShape(n, config.outputDim(), "velocity output");
    dout.requireShape(rows, config.outputDim(), "tangent output");
    Workspace ws = workspace(n, rows);
    c = ws.condition(c);
    fillInput(ws.in, x, t, c);
    fillInputTangent(ws.inDot, t, dx, dt, dc);
    Activation f = config.activation();
    Matrix h = ws.in;
    Matrix hd = ws.inDot;
    int blocks = rows / n;
    for (int l = 0; l < ws.h.length; l++) {
      Matrix z = ws.h[l];
      Matrix zd = ws.hd[l % 2];
      kernels.linear(h, weights[l].value(), biases[l].value(), z);
      kernels.matmulTransB(hd, weights[l].value(), zd, false);
      if (gammas.length > 0) {
        modulateTangent(ws, l, c, z, zd, dc);
        modulate(ws, l, c, z);
      }
      Matrix d1 = ws.d1[l];
      kernels.activation(f, z.data, 0, z.data, 0, d1.data, 0, z.size());
      for (int b = 0; b < blocks; b++) {
        kernels.mul(d1.data, 0, zd.data, b * z.size(), zd.data, b * z.size(), z.size(), false);
      }
      h = z;
      hd = zd;
    }
    int last = weights.length - 1;
    kernels.linear(h, weights[last].value(), biases[last].value(), out);
    kernels.matmulTransB(hd, weights[last].value(), dout, false);
  }

  /**
   * Writes v into {@code out} (n x d) and the exact divergence {@code sum_j dv_j/dx_j} into {@code
   * div} (n x 1), without a tape. Uses the d unit tangents in chunks, the first layer's tangent in
   * closed form (a column of W_0) and only the diagonal of the last layer's, so it costs about d
   * forward passes of the hidden layers. Requires outputDim == inputDim.
   */
  public void divergence(Matrix x, Matrix t, Matrix c, Matrix out, Matrix div) {
    int d = config.inputDim();
    if (config.outputDim() != d) {
      throw new IllegalArgumentException(
          "divergence needs outputDim == inputDim, got " + config.outputDim() + " and " + d);
    }
    checkInputs(x.rows, x.cols, t.rows, t.cols, c, null);
    int n = x.rows;
    out.requireShape(n, d, "velocity output");
    div.requireShape(n, 1, "divergence output");
    if (n == 0) {
      return;
    }
    int chunk = Math.max(1, Math.min(d, DIVERGENCE_ROWS / n));
    Workspace ws = workspace(n, chunk * n);
    c = ws.condition(c);
    fillInput(ws.in, x, t, c);
    Activation f = config.activation();
    Matrix h = ws.in;
    int width = config.width();
    int hidden = ws.h.length;
    for (int l = 0; l < hidden; l++) {
      Matrix z = ws.h[l];
      kernels.linear(h, weights[l].value(), biases[l].value(), z);
      if (gammas.length > 0) {
        modulate(ws, l, c, z);
      }
      kernels.activation(f, z.data, 0, z.data, 0, ws.d1[l].data, 0, z.size());
      if (gammas.length > 0) {
        // dc = 0: FiLM scales every x-tangent of this layer by (1 + gamma); fold it into f'
        float[] d1 = ws.d1[l].data;
        float[] g = ws.gamma.data;
        for (int i = 0; i < d1.length; i++) {
          d1[i] *= 1f + g[i];
        }
      }
      h = z;
    }
    int last = weights.length - 1;
    kernels.linear(h, weights[last].value(), biases[last].value(), out);
    java.util.Arrays.fill(div.data, 0f);
    float[] w0 = weights[0].value().data;
    int in0 = config.firstLayerInputs();
    float[] wOut = weights[last].value().data;
    int size = n * width;
    for (int b0 = 0; b0 < d; b0 += chunk) {
      int q = Math.min(chunk, d - b0);
      Matrix[] pair = ws.tangentPair(q * n);
      Matrix hd = pair[0];
      Matrix zd = pair[1];
      // first layer: the tangent of z_0 along e_b is column b of W_0, the same for every row
      for (int b = 0; b < q; b++) {
        for (int j = 0; j < width; j++) {
          ws.column.data[j] = w0[j * in0 + b0 + b];
        }
        for (int i = 0; i < n; i++) {
          kernels.mul(ws.d1[0].data, i * width, ws.column.data, 0, hd.data, b * size + i * width,
              width, false);
        }
      }
      for (int l = 1; l < hidden; l++) {
        kernels.matmulTransB(hd, weights[l].value(), zd, false);
        for (int b = 0; b < q; b++) {
          kernels.mul(ws.d1[l].data, 0, zd.data, b * size, zd.data, b * size, size, false);
        }
        Matrix tmp = hd;
        hd = zd;
        zd = tmp;
      }
      for (int b = 0; b < q; b++) {
        int row = (b0 + b) * width;
        for (int i = 0; i < n; i++) {
          div.data[i] += (float) kernels.dot(hd.data, b * size + i * width, wOut, row, width);
        }
      }
    }
  }
}
