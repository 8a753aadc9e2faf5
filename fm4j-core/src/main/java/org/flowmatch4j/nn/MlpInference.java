package org.flowmatch4j.nn;

import java.util.HashMap;
import java.util.Map;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;

/**
 * The tape-free evaluation of an {@link Mlp}, for sampling and likelihoods: v, a directional
 * derivative {@code J u} and the exact divergence, computed with the same operations in the same
 * order as on a {@link Tape} (the formulas are in {@link Mlp}). It reads the network's parameters
 * at each call and keeps a workspace per batch size (and tangent row count), so it allocates
 * nothing after its first call at that size. Not thread-safe.
 */
final class MlpInference {
  /** Rows of stacked tangents processed at once by the divergence fast path. */
  private static final int DIVERGENCE_ROWS = 8192;

  private final Mlp mlp;
  private final MlpConfig config;
  private final Kernels kernels;
  private final Parameter[] weights;
  private final Parameter[] biases;
  private final Parameter[] gammas;
  private final Parameter[] betas;
  private final AttentionPool pool;
  private final double[] omega;
  private final Map<Long, Workspace> workspaces = new HashMap<>();
  private Workspace lastWorkspace;

  /**
   * @param mlp the network whose parameters are read
   * @param kernels the kernels that evaluate it
   * @param omega the sinusoidal time frequencies, or null for a raw time column
   */
  MlpInference(Mlp mlp, Kernels kernels, double[] omega) {
    this.mlp = mlp;
    this.config = mlp.config();
    this.kernels = kernels;
    this.omega = omega;
    weights = new Parameter[mlp.layers()];
    biases = new Parameter[mlp.layers()];
    for (int l = 0; l < weights.length; l++) {
      weights[l] = mlp.weight(l);
      biases[l] = mlp.bias(l);
    }
    int film = mlp.film() ? config.depth() : 0;
    gammas = new Parameter[film];
    betas = new Parameter[film];
    for (int l = 0; l < film; l++) {
      gammas[l] = mlp.filmGamma(l);
      betas[l] = mlp.filmBeta(l);
    }
    pool = mlp.pool();
  }

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

  /** {@link Mlp#forward(Matrix, Matrix, Matrix, Matrix)}. */
  void forward(Matrix x, Matrix t, Matrix c, Matrix out) {
    mlp.checkInputs(x.rows, x.cols, t.rows, t.cols, c, null);
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

  /** {@link Mlp#jvp(Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix)}. */
  void jvp(Matrix x, Matrix t, Matrix c, Matrix dx, Matrix dt, Matrix dc, Matrix out,
      Matrix dout) {
    mlp.checkInputs(x.rows, x.cols, t.rows, t.cols, c, null);
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

  /** {@link Mlp#divergence(Matrix, Matrix, Matrix, Matrix, Matrix)}. */
  void divergence(Matrix x, Matrix t, Matrix c, Matrix out, Matrix div) {
    int d = config.inputDim();
    if (config.outputDim() != d) {
      throw new IllegalArgumentException(
          "divergence needs outputDim == inputDim, got " + config.outputDim() + " and " + d);
    }
    mlp.checkInputs(x.rows, x.cols, t.rows, t.cols, c, null);
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
