package org.flowmatch4j.nn;

import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;

/**
 * Attention pooling of a padded, masked set of vectors with one learned query (the pooling by
 * multihead attention of Set Transformer, Lee et al. 2019, with one head and one seed vector). For
 * each row of a condition {@code c = [e_1 | ... | e_k | m_1 .. m_k | rest]} (see {@link
 * AttentionPoolConfig}) and the members P = {p : m_p > 0.5}:
 *
 * <pre>
 *   s_p = q . (W_k e_p) / sqrt(d_k)                   q 1 x d_k, W_k d_k x e
 *   a_p = exp(s_p) / sum_{p' in P} exp(s_p')          softmax over the real members only
 *   pool = sum_{p in P} a_p W_v e_p                   W_v e x e
 * </pre>
 *
 * and the row becomes {@code [pool | rest]}. An empty set (all m_p = 0, e.g. the zero vector, the
 * null condition of classifier-free guidance) pools to zero. Padding never enters: its scores,
 * weights and gradients are not computed. The result does not depend on the order of the members.
 *
 * <p>Initialisation: q = 0 and W_v = I, so an untrained pool is exactly the mean of the members'
 * vectors (mean pooling); W_k is uniform in [-1/sqrt(e), 1/sqrt(e)]. Parameters are named {@code
 * pool.query}, {@code pool.key}, {@code pool.value}.
 */
public final class AttentionPool {
  private final AttentionPoolConfig config;
  private final Parameter query;
  private final Parameter key;
  private final Parameter value;

  /** A pool initialised as described above, W_k drawn from {@code rng}. */
  AttentionPool(AttentionPoolConfig config, SplittableRandom rng) {
    this.config = config;
    int e = config.elementDim();
    int dk = config.keyDim();
    query = new Parameter("pool.query", new Matrix(1, dk));
    Matrix wk = new Matrix(dk, e);
    double bound = 1.0 / Math.sqrt(e);
    for (int i = 0; i < wk.data.length; i++) {
      wk.data[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
    key = new Parameter("pool.key", wk);
    Matrix wv = new Matrix(e, e);
    for (int i = 0; i < e; i++) {
      wv.data[i * e + i] = 1f;
    }
    value = new Parameter("pool.value", wv);
  }

  /** The layout of the condition rows this pool reads. */
  public AttentionPoolConfig config() {
    return config;
  }

  /** The learned query q (1 x d_k). */
  public Parameter query() {
    return query;
  }

  /** The key map W_k (d_k x e). */
  public Parameter key() {
    return key;
  }

  /** The value map W_v (e x e). */
  public Parameter value() {
    return value;
  }

  /** Columns of the output for a condition of {@code condDim} columns: e + (condDim - k e - k). */
  int outputCols(int condDim) {
    return condDim - config.setColumns() + config.elementDim();
  }

  /** Records {@code [pool | rest]} (n x outputCols) of c (n x condDim) on the tape. */
  Var forward(Tape tape, Var c) {
    return tape.attentionPool(c, this);
  }

  /**
   * Writes {@code [pool | rest]} of each row of c into out, without a tape. {@code keys} (n k
   * d_k), {@code vals} (n k e) and {@code att} (n k) receive the intermediate values (the
   * backward pass needs them); pass buffers of those lengths.
   */
  void forward(Matrix c, Matrix out, float[] keys, float[] vals, float[] att) {
    int k = config.setSize();
    int e = config.elementDim();
    int dk = config.keyDim();
    int cd = c.cols;
    int oc = out.cols;
    int rest = cd - config.setColumns();
    float[] q = query.value().data;
    float[] wk = key.value().data;
    float[] wv = value.value().data;
    double scale = 1.0 / Math.sqrt(dk);
    int setCols = config.setColumns();
    for (int i = 0; i < c.rows; i++) {
      int ci = i * cd;
      int oi = i * oc;
      if (i > 0 && sameSet(c.data, ci - cd, ci, setCols)) {
        // the rows of a training batch share their condition: reuse the previous row's pooling
        System.arraycopy(out.data, oi - oc, out.data, oi, e);
        System.arraycopy(att, (i - 1) * k, att, i * k, k);
        System.arraycopy(keys, (i - 1) * k * dk, keys, i * k * dk, k * dk);
        System.arraycopy(vals, (i - 1) * k * e, vals, i * k * e, k * e);
        System.arraycopy(c.data, ci + setCols, out.data, oi + e, rest);
        continue;
      }
      java.util.Arrays.fill(out.data, oi, oi + e, 0f);
      double max = Double.NEGATIVE_INFINITY;
      for (int p = 0; p < k; p++) {
        int ip = i * k + p;
        att[ip] = 0f;
        if (!(c.data[ci + k * e + p] > 0.5f)) {
          continue;
        }
        int ep = ci + p * e;
        double s = 0;
        for (int r = 0; r < dk; r++) {
          double kr = 0;
          for (int j = 0; j < e; j++) {
            kr += (double) wk[r * e + j] * c.data[ep + j];
          }
          keys[ip * dk + r] = (float) kr;
          s += q[r] * kr;
        }
        for (int r = 0; r < e; r++) {
          double u = 0;
          for (int j = 0; j < e; j++) {
            u += (double) wv[r * e + j] * c.data[ep + j];
          }
          vals[ip * e + r] = (float) u;
        }
        att[ip] = (float) (s * scale); // the score, for now
        max = Math.max(max, att[ip]);
      }
      if (max == Double.NEGATIVE_INFINITY) {
        System.arraycopy(c.data, ci + config.setColumns(), out.data, oi + e, rest);
        continue; // empty set: pools to zero
      }
      double z = 0;
      for (int p = 0; p < k; p++) {
        if (c.data[ci + k * e + p] > 0.5f) {
          z += Math.exp(att[i * k + p] - max);
        }
      }
      for (int p = 0; p < k; p++) {
        int ip = i * k + p;
        if (c.data[ci + k * e + p] > 0.5f) {
          float a = (float) (Math.exp(att[ip] - max) / z);
          att[ip] = a;
          for (int r = 0; r < e; r++) {
            out.data[oi + r] += a * vals[ip * e + r];
          }
        }
      }
      System.arraycopy(c.data, ci + config.setColumns(), out.data, oi + e, rest);
    }
  }

  /** Whether the set blocks (the first {@code cols} entries) of two rows at a and b are equal. */
  static boolean sameSet(float[] c, int a, int b, int cols) {
    for (int j = 0; j < cols; j++) {
      if (Float.floatToRawIntBits(c[a + j]) != Float.floatToRawIntBits(c[b + j])) {
        return false;
      }
    }
    return true;
  }

  /** The tape node of {@link Tape#attentionPool}. */
  static final class Node extends Var {
    AttentionPool pool;
    Var c;
    Var q;
    Var wk;
    Var wv;
    float[] keys = new float[0];
    float[] vals = new float[0];
    float[] att = new float[0];
    double[] gSum = new double[0];
    double[] gRow = new double[0];

    Node(Tape tape) {
      super(tape);
    }

    void forward(AttentionPool pool, Var c, Var q, Var wk, Var wv) {
      this.pool = pool;
      this.c = c;
      this.q = q;
      this.wk = wk;
      this.wv = wv;
      AttentionPoolConfig cfg = pool.config;
      int n = c.rows();
      int slots = n * cfg.setSize();
      if (att.length != slots) {
        att = new float[slots];
        keys = new float[slots * cfg.keyDim()];
        vals = new float[slots * cfg.elementDim()];
      }
      ensureValue(n, pool.outputCols(c.cols()));
      requiresGrad = true;
      pool.forward(c.value, value, keys, vals, att);
    }

    @Override
    void backward(Kernels kernels) {
      AttentionPoolConfig cfg = pool.config;
      int k = cfg.setSize();
      int e = cfg.elementDim();
      int dk = cfg.keyDim();
      int n = c.rows();
      int cd = c.cols();
      int oc = value.cols;
      float[] cv = c.value.data;
      float[] g = grad.data;
      float[] qv = q.value.data;
      q.beginGrad();
      wk.beginGrad();
      wv.beginGrad();
      float[] dq = q.grad.data;
      float[] dwk = wk.grad.data;
      float[] dwv = wv.grad.data;
      float[] dc = null;
      if (c.requiresGrad) {
        boolean acc = c.beginGrad();
        dc = c.grad.data;
        if (!acc) {
          java.util.Arrays.fill(dc, 0f);
        }
      }
      int setCols = cfg.setColumns();
      if (gSum.length != e) {
        gSum = new double[e];
        gRow = new double[e];
      }
      int i0 = 0;
      while (i0 < n) {
        // a run of rows with the same set: the parameters' gradients are linear in the output
        // gradient, so the run's summed output gradient gives them in one pass
        int i1 = i0 + 1;
        while (i1 < n && AttentionPool.sameSet(cv, i0 * cd, i1 * cd, setCols)) {
          i1++;
        }
        java.util.Arrays.fill(gSum, 0);
        for (int i = i0; i < i1; i++) {
          for (int r = 0; r < e; r++) {
            gSum[r] += g[i * oc + r];
          }
        }
        int ci = i0 * cd;
        double gPool = alongPool(gSum, i0);
        for (int p = 0; p < k; p++) {
          int ip = i0 * k + p;
          if (!(cv[ci + k * e + p] > 0.5f)) {
            continue;
          }
          int ep = ci + p * e;
          float a = att[ip];
          float ds = (float) scoreGradient(gSum, ip, gPool);
          for (int r = 0; r < e; r++) {
            float ag = (float) (a * gSum[r]);
            for (int j = 0; j < e; j++) {
              dwv[r * e + j] += ag * cv[ep + j];
            }
          }
          for (int r = 0; r < dk; r++) {
            dq[r] += ds * keys[ip * dk + r];
            float dsq = ds * qv[r];
            for (int j = 0; j < e; j++) {
              dwk[r * e + j] += dsq * cv[ep + j];
            }
          }
        }
        if (dc != null) {
          for (int i = i0; i < i1; i++) {
            conditionGradient(i, dc);
          }
        }
        i0 = i1;
      }
    }

    /** gv . pool_i: the part of the gradient gv (length e) along row i's pooled vector. */
    private double alongPool(double[] gv, int i) {
      int e = pool.config.elementDim();
      int gi = i * value.cols;
      double sum = 0;
      for (int r = 0; r < e; r++) {
        sum += gv[r] * value.data[gi + r];
      }
      return sum;
    }

    /**
     * dL/ds_p = a_p (gv . W_v e_p - gv . pool) / sqrt(d_k) for the member in slot {@code ip}, with
     * gv = dL/dpool (length e) and {@code gPool} = gv . pool.
     */
    private double scoreGradient(double[] gv, int ip, double gPool) {
      int e = pool.config.elementDim();
      double gu = 0;
      for (int r = 0; r < e; r++) {
        gu += gv[r] * vals[ip * e + r];
      }
      return att[ip] * (gu - gPool) * (1.0 / Math.sqrt(pool.config.keyDim()));
    }

    /** Adds dL/dc of row i (members' vectors and the rest; none for the mask and padding) to dc. */
    private void conditionGradient(int i, float[] dc) {
      AttentionPoolConfig cfg = pool.config;
      int k = cfg.setSize();
      int e = cfg.elementDim();
      int dk = cfg.keyDim();
      int cd = c.cols();
      int oc = value.cols;
      float[] cv = c.value.data;
      float[] g = grad.data;
      float[] qv = q.value.data;
      float[] wkv = wk.value.data;
      float[] wvv = wv.value.data;
      int ci = i * cd;
      int gi = i * oc;
      for (int j = 0; j < oc - e; j++) {
        dc[ci + cfg.setColumns() + j] += g[gi + e + j];
      }
      for (int r = 0; r < e; r++) {
        gRow[r] = g[gi + r];
      }
      double gPool = alongPool(gRow, i);
      for (int p = 0; p < k; p++) {
        int ip = i * k + p;
        if (!(cv[ci + k * e + p] > 0.5f)) {
          continue;
        }
        int ep = ci + p * e;
        float a = att[ip];
        double ds = scoreGradient(gRow, ip, gPool);
        for (int j = 0; j < e; j++) {
          double s = 0;
          for (int r = 0; r < e; r++) {
            s += (double) wvv[r * e + j] * a * g[gi + r];
          }
          for (int r = 0; r < dk; r++) {
            s += (double) wkv[r * e + j] * ds * qv[r];
          }
          dc[ep + j] += (float) s;
        }
      }
    }
  }
}
