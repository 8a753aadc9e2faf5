package org.flowmatch4j.nn;

import java.util.Arrays;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.tensor.Parallel;

/**
 * The operations a {@link Tape} records, one nested class each. Every node computes its value in
 * {@code forward} into a buffer it keeps from one recording to the next, and in {@link
 * Var#backward} adds its gradient's contribution to the gradients of its inputs (overwriting on
 * the first contribution of a pass, see {@link Var#beginGrad()}).
 */
final class Ops {
  private Ops() {}

  /** A value from outside the tape: a constant, a variable or a parameter. */
  static final class Leaf extends Var {
    Parameter param;

    Leaf(Tape tape) {
      super(tape);
    }

    void set(Matrix m, boolean requiresGrad, Parameter p) {
      this.value = m;
      this.requiresGrad = requiresGrad;
      this.param = p;
      if (p != null) {
        this.grad = p.grad();
      } else if (grad != null && (grad.rows != m.rows || grad.cols != m.cols)) {
        grad = null;
      }
    }

    @Override
    boolean beginGrad() {
      if (param != null) {
        return true; // parameters accumulate across backward passes until zeroGrad
      }
      return super.beginGrad();
    }

    @Override
    void backward(Kernels k) {}
  }

  /** A constant owned by the tape: zeros, or stacked unit tangents. */
  static final class OwnedConstant extends Var {
    int blocks = -1;

    OwnedConstant(Tape tape) {
      super(tape);
    }

    /** Zeros when {@code blocks < 0}; else the (blocks n) x d unit tangents. */
    void set(int rows, int cols, int blocks) {
      boolean same = value != null && value.rows == rows && value.cols == cols
          && this.blocks == blocks;
      requiresGrad = false;
      if (same) {
        return;
      }
      value = new Matrix(rows, cols);
      this.blocks = blocks;
      if (blocks > 0) {
        int n = rows / blocks;
        for (int b = 0; b < blocks; b++) {
          for (int i = 0; i < n; i++) {
            value.data[(b * n + i) * cols + b] = 1f;
          }
        }
      }
    }

    @Override
    void backward(Kernels k) {}
  }

  /** {@code y = x W^T + 1 b^T}. */
  static final class Linear extends Var {
    Var x;
    Var w;
    Var b;

    Linear(Tape tape) {
      super(tape);
    }

    void forward(Kernels k, Var x, Var w, Var b) {
      this.x = x;
      this.w = w;
      this.b = b;
      requiresGrad = x.requiresGrad || w.requiresGrad || (b != null && b.requiresGrad);
      ensureValue(x.rows(), w.rows());
      k.linear(x.value, w.value, b == null ? null : b.value, value);
    }

    @Override
    void backward(Kernels k) {
      if (x.requiresGrad) {
        boolean acc = x.beginGrad();
        k.matmul(grad, w.value, x.grad, acc);
      }
      if (w.requiresGrad) {
        boolean acc = w.beginGrad();
        k.matmulTransA(grad, x.value, w.grad, acc);
      }
      if (b != null && b.requiresGrad) {
        boolean acc = b.beginGrad();
        k.columnSums(grad, b.grad, acc);
      }
    }
  }

  /** {@code h = f(z)}, keeping {@code f'(z)} for the backward pass. */
  static final class Act extends Var {
    Activation f;
    Var z;
    Matrix d1;

    Act(Tape tape) {
      super(tape);
    }

    void forward(Kernels k, Activation f, Var z) {
      this.f = f;
      this.z = z;
      requiresGrad = z.requiresGrad;
      ensureValue(z.rows(), z.cols());
      if (requiresGrad) {
        if (d1 == null || d1.rows != z.rows() || d1.cols != z.cols()) {
          d1 = new Matrix(z.rows(), z.cols());
        }
        k.activation(f, z.value.data, 0, value.data, 0, d1.data, 0, value.size());
      } else {
        k.activation(f, z.value.data, 0, value.data, 0, null, 0, value.size());
      }
    }

    @Override
    void backward(Kernels k) {
      boolean acc = z.beginGrad();
      k.mul(grad.data, 0, d1.data, 0, z.grad.data, 0, value.size(), acc);
    }
  }

  /**
   * The tangent of {@code f(z)}: {@code hDot = f'(z) * zDot}, where zDot stacks one or more
   * tangent blocks of z's shape. Its gradient with respect to z uses {@code f''(z)}.
   */
  static final class ActJvp extends Var {
    Activation f;
    Var z;
    Var zd;
    Matrix d1;
    Matrix d2;

    ActJvp(Tape tape) {
      super(tape);
    }

    void forward(Kernels k, Activation f, Var z, Var zd) {
      this.f = f;
      this.z = z;
      this.zd = zd;
      requiresGrad = z.requiresGrad || zd.requiresGrad;
      ensureValue(zd.rows(), zd.cols());
      if (d1 == null || d1.rows != z.rows() || d1.cols != z.cols()) {
        d1 = new Matrix(z.rows(), z.cols());
        d2 = new Matrix(z.rows(), z.cols());
      }
      int n = z.value.size();
      k.activationDerivatives(f, z.value.data, 0, d1.data, 0, d2.data, 0, n);
      int blocks = zd.rows() / z.rows();
      for (int b = 0; b < blocks; b++) {
        k.mul(d1.data, 0, zd.value.data, b * n, value.data, b * n, n, false);
      }
    }

    @Override
    void backward(Kernels k) {
      int n = z.value.size();
      int blocks = zd.rows() / z.rows();
      if (zd.requiresGrad) {
        boolean acc = zd.beginGrad();
        for (int b = 0; b < blocks; b++) {
          k.mul(grad.data, b * n, d1.data, 0, zd.grad.data, b * n, n, acc);
        }
      }
      if (z.requiresGrad) {
        boolean acc = z.beginGrad();
        for (int b = 0; b < blocks; b++) {
          k.mul3(grad.data, b * n, d2.data, 0, zd.value.data, b * n, z.grad.data, 0, n,
              acc || b > 0);
        }
      }
    }
  }

  /** {@code [p0 | p1 | ...]} along columns. */
  static final class Concat extends Var {
    Var[] parts = new Var[3];
    int count;

    Concat(Tape tape) {
      super(tape);
    }

    void forward(Kernels k, Var... ps) {
      if (parts.length < ps.length) {
        parts = new Var[ps.length];
      }
      System.arraycopy(ps, 0, parts, 0, ps.length);
      count = ps.length;
      finish(k);
    }

    void forward(Kernels k, Var a, Var b) {
      parts[0] = a;
      parts[1] = b;
      count = 2;
      finish(k);
    }

    void forward(Kernels k, Var a, Var b, Var c) {
      parts[0] = a;
      parts[1] = b;
      parts[2] = c;
      count = 3;
      finish(k);
    }

    private void finish(Kernels k) {
      int cols = 0;
      requiresGrad = false;
      for (int i = 0; i < count; i++) {
        cols += parts[i].cols();
        requiresGrad |= parts[i].requiresGrad;
      }
      ensureValue(parts[0].rows(), cols);
      int col = 0;
      for (int i = 0; i < count; i++) {
        k.copyToColumns(parts[i].value, value, col);
        col += parts[i].cols();
      }
    }

    @Override
    void backward(Kernels k) {
      int col = 0;
      for (int i = 0; i < count; i++) {
        Var p = parts[i];
        if (p.requiresGrad) {
          boolean acc = p.beginGrad();
          k.copyFromColumns(grad, col, p.grad, acc);
        }
        col += p.cols();
      }
    }
  }

  /** {@code alpha a + beta b} (b may be null: {@code alpha a}). */
  static final class Axpby extends Var {
    float alpha;
    float beta;
    Var a;
    Var b;

    Axpby(Tape tape) {
      super(tape);
    }

    void forward(Kernels k, float alpha, Var a, float beta, Var b) {
      this.alpha = alpha;
      this.beta = beta;
      this.a = a;
      this.b = b;
      requiresGrad = a.requiresGrad || (b != null && b.requiresGrad);
      ensureValue(a.rows(), a.cols());
      int n = value.size();
      if (b == null) {
        k.scale(alpha, a.value.data, 0, value.data, 0, n, false);
      } else {
        k.axpby(alpha, a.value.data, 0, beta, b.value.data, 0, value.data, 0, n, false);
      }
    }

    @Override
    void backward(Kernels k) {
      int n = value.size();
      if (a.requiresGrad) {
        boolean acc = a.beginGrad();
        k.scale(alpha, grad.data, 0, a.grad.data, 0, n, acc);
      }
      if (b != null && b.requiresGrad) {
        boolean acc = b.beginGrad();
        k.scale(beta, grad.data, 0, b.grad.data, 0, n, acc);
      }
    }
  }

  /** {@code a * b} elementwise. */
  static final class Mul extends Var {
    Var a;
    Var b;

    Mul(Tape tape) {
      super(tape);
    }

    void forward(Kernels k, Var a, Var b) {
      this.a = a;
      this.b = b;
      requiresGrad = a.requiresGrad || b.requiresGrad;
      ensureValue(a.rows(), a.cols());
      k.mul(a.value.data, 0, b.value.data, 0, value.data, 0, value.size(), false);
    }

    @Override
    void backward(Kernels k) {
      int n = value.size();
      if (a.requiresGrad) {
        boolean acc = a.beginGrad();
        k.mul(grad.data, 0, b.value.data, 0, a.grad.data, 0, n, acc);
      }
      if (b.requiresGrad) {
        boolean acc = b.beginGrad();
        k.mul(grad.data, 0, a.value.data, 0, b.grad.data, 0, n, acc);
      }
    }
  }

  /**
   * {@code out[b n + i][j] = a[i][j] s[b n + i][j]}: a (n x m) times each of the k stacked blocks
   * of s ((k n) x m), elementwise.
   */
  static final class MulBlocks extends Var {
    Var a;
    Var s;

    MulBlocks(Tape tape) {
      super(tape);
    }

    void forward(Kernels k, Var a, Var s) {
      this.a = a;
      this.s = s;
      requiresGrad = a.requiresGrad || s.requiresGrad;
      ensureValue(s.rows(), s.cols());
      int n = a.value.size();
      int blocks = s.rows() / a.rows();
      for (int b = 0; b < blocks; b++) {
        k.mul(a.value.data, 0, s.value.data, b * n, value.data, b * n, n, false);
      }
    }

    @Override
    void backward(Kernels k) {
      int n = a.value.size();
      int blocks = s.rows() / a.rows();
      if (s.requiresGrad) {
        boolean acc = s.beginGrad();
        for (int b = 0; b < blocks; b++) {
          k.mul(grad.data, b * n, a.value.data, 0, s.grad.data, b * n, n, acc);
        }
      }
      if (a.requiresGrad) {
        boolean acc = a.beginGrad();
        for (int b = 0; b < blocks; b++) {
          k.mul(grad.data, b * n, s.value.data, b * n, a.grad.data, 0, n, acc || b > 0);
        }
      }
    }
  }

  /** {@code out[i][j] = s[i] a[i][j]}. */
  static final class ScaleRows extends Var {
    Var a;
    Var s;

    ScaleRows(Tape tape) {
      super(tape);
    }

    void forward(Kernels k, Var a, Var s) {
      this.a = a;
      this.s = s;
      requiresGrad = a.requiresGrad || s.requiresGrad;
      ensureValue(a.rows(), a.cols());
      k.scaleRows(a.value, s.value, value, false);
    }

    @Override
    void backward(Kernels k) {
      if (a.requiresGrad) {
        boolean acc = a.beginGrad();
        k.scaleRows(grad, s.value, a.grad, acc);
      }
      if (s.requiresGrad) {
        boolean acc = s.beginGrad();
        int d = a.cols();
        for (int i = 0; i < a.rows(); i++) {
          float g = (float) k.dot(grad.data, i * d, a.value.data, i * d, d);
          s.grad.data[i] = acc ? s.grad.data[i] + g : g;
        }
      }
    }
  }

  /** {@code y_i = f(x_i)} row by row for a {@link RowMap} f. */
  static final class RowMapped extends Var {
    /** Fewest rows of a block the map is evaluated on by one thread. */
    static final int MIN_ROWS = 32;
    RowMap f;
    Var x;
    Matrix gx;

    RowMapped(Tape tape) {
      super(tape);
    }

    void forward(RowMap f, Var x) {
      this.f = f;
      this.x = x;
      requiresGrad = x.requiresGrad;
      ensureValue(x.rows(), f.outputCols(x.cols()));
      int n = x.rows();
      int parts = rowParts(n);
      Parallel.run(parts, p -> f.apply(x.value, n * p / parts, n * (p + 1) / parts, value));
    }

    /** Blocks of at least {@value #MIN_ROWS} rows, a few per thread, so a delayed thread holds little up. */
    static int rowParts(int n) {
      return Math.max(1, Math.min(4 * Parallel.threads(), n / MIN_ROWS));
    }

    @Override
    void backward(Kernels k) {
      if (gx == null || gx.rows != x.rows() || gx.cols != x.cols()) {
        gx = new Matrix(x.rows(), x.cols());
      }
      int n = x.rows();
      int parts = rowParts(n);
      Parallel.run(parts, p -> f.vjp(x.value, grad, n * p / parts, n * (p + 1) / parts, gx));
      boolean acc = x.beginGrad();
      for (int i = 0; i < gx.data.length; i++) {
        x.grad.data[i] = acc ? x.grad.data[i] + gx.data[i] : gx.data[i];
      }
    }
  }

  /** {@code out[i] = sum_j a[i][j]} (n x 1). */
  static final class RowSums extends Var {
    Var a;

    RowSums(Tape tape) {
      super(tape);
    }

    void forward(Kernels k, Var a) {
      this.a = a;
      requiresGrad = a.requiresGrad;
      ensureValue(a.rows(), 1);
      k.rowSums(a.value, value, false);
    }

    @Override
    void backward(Kernels k) {
      boolean acc = a.beginGrad();
      int d = a.cols();
      float[] ga = a.grad.data;
      for (int i = 0; i < a.rows(); i++) {
        float g = grad.data[i];
        for (int j = 0; j < d; j++) {
          ga[i * d + j] = acc ? ga[i * d + j] + g : g;
        }
      }
    }
  }

  /** {@code factor * sum_ij a[i][j]} (1 x 1). */
  static final class Sum extends Var {
    Var a;
    double factor;

    Sum(Tape tape) {
      super(tape);
    }

    void forward(Kernels k, Var a, double factor) {
      this.a = a;
      this.factor = factor;
      requiresGrad = a.requiresGrad;
      ensureValue(1, 1);
      value.data[0] = (float) (factor * k.sum(a.value.data, 0, a.value.size()));
    }

    @Override
    void backward(Kernels k) {
      boolean acc = a.beginGrad();
      float g = (float) (factor * grad.data[0]);
      float[] ga = a.grad.data;
      if (acc) {
        for (int i = 0; i < ga.length; i++) {
          ga[i] += g;
        }
      } else {
        Arrays.fill(ga, g);
      }
    }
  }

  /**
   * Mean squared error {@code (1/N) sum (a - b)^2}, N = number of elements; with per-row weights w
   * (n x 1) it is {@code (1/N) sum_i w_i sum_j (a_ij - b_ij)^2}.
   */
  static final class Mse extends Var {
    Var a;
    Var b;
    Var w;

    Mse(Tape tape) {
      super(tape);
    }

    void forward(Kernels k, Var a, Var b, Var w) {
      this.a = a;
      this.b = b;
      this.w = w;
      requiresGrad = a.requiresGrad || b.requiresGrad || (w != null && w.requiresGrad);
      ensureValue(1, 1);
      int n = a.value.size();
      double s;
      if (w == null) {
        s = k.sumSquaredDiff(a.value.data, 0, b.value.data, 0, n);
      } else {
        s = 0;
        int d = a.cols();
        for (int i = 0; i < a.rows(); i++) {
          s += w.value.data[i] * k.sumSquaredDiff(a.value.data, i * d, b.value.data, i * d, d);
        }
      }
      value.data[0] = (float) (n == 0 ? 0 : s / n);
    }

    @Override
    void backward(Kernels k) {
      int n = a.value.size();
      if (n == 0) {
        return;
      }
      float c = (float) (2.0 * grad.data[0] / n);
      int d = a.cols();
      for (int side = 0; side < 2; side++) {
        Var target = side == 0 ? a : b;
        if (!target.requiresGrad) {
          continue;
        }
        boolean acc = target.beginGrad();
        float sign = side == 0 ? c : -c;
        if (w == null) {
          k.axpby(sign, a.value.data, 0, -sign, b.value.data, 0, target.grad.data, 0, n, acc);
        } else {
          for (int i = 0; i < a.rows(); i++) {
            float ci = sign * w.value.data[i];
            k.axpby(ci, a.value.data, i * d, -ci, b.value.data, i * d, target.grad.data, i * d,
                d, acc);
          }
        }
      }
      if (w != null && w.requiresGrad) {
        boolean acc = w.beginGrad();
        double cw = grad.data[0] / (double) n;
        for (int i = 0; i < a.rows(); i++) {
          float g = (float) (cw * k.sumSquaredDiff(a.value.data, i * d, b.value.data, i * d, d));
          w.grad.data[i] = acc ? w.grad.data[i] + g : g;
        }
      }
    }
  }

  /**
   * {@code out[i] = sum_{b < k} dv[b n + i][b]}: the trace of the Jacobian rows computed with k
   * stacked unit tangents (the exact divergence when k = d).
   */
  static final class StackedTrace extends Var {
    Var dv;
    int n;

    StackedTrace(Tape tape) {
      super(tape);
    }

    void forward(Var dv, int n) {
      this.dv = dv;
      this.n = n;
      requiresGrad = dv.requiresGrad;
      ensureValue(n, 1);
      int blocks = dv.rows() / n;
      int d = dv.cols();
      for (int i = 0; i < n; i++) {
        float s = 0f;
        for (int b = 0; b < blocks; b++) {
          s += dv.value.data[(b * n + i) * d + b];
        }
        value.data[i] = s;
      }
    }

    @Override
    void backward(Kernels k) {
      boolean acc = dv.beginGrad();
      float[] g = dv.grad.data;
      if (!acc) {
        Arrays.fill(g, 0f);
      }
      int blocks = dv.rows() / n;
      int d = dv.cols();
      for (int b = 0; b < blocks; b++) {
        for (int i = 0; i < n; i++) {
          g[(b * n + i) * d + b] += grad.data[i];
        }
      }
    }
  }

  /**
   * Sinusoidal embedding of a time column t (n x 1) into dim = 2 half columns: {@code [cos(w_j t)
   * | sin(w_j t)]}, and (when {@code td != null}) its tangent for stacked time tangents td (k n x
   * 1): {@code td * [-w_j sin(w_j t) | w_j cos(w_j t)]}.
   */
  static final class Sinusoidal extends Var {
    Var t;
    Var td;
    double[] omega;

    Sinusoidal(Tape tape) {
      super(tape);
    }

    void forward(Var t, Var td, double[] omega) {
      this.t = t;
      this.td = td;
      this.omega = omega;
      int half = omega.length;
      int n = t.rows();
      float[] tv = t.value.data;
      if (td == null) {
        requiresGrad = t.requiresGrad;
        ensureValue(n, 2 * half);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < half; j++) {
            double a = omega[j] * tv[i];
            value.data[i * 2 * half + j] = (float) Math.cos(a);
            value.data[i * 2 * half + half + j] = (float) Math.sin(a);
          }
        }
      } else {
        requiresGrad = t.requiresGrad || td.requiresGrad;
        int rows = td.rows();
        ensureValue(rows, 2 * half);
        for (int r = 0; r < rows; r++) {
          int i = r % n;
          double s = td.value.data[r];
          for (int j = 0; j < half; j++) {
            double a = omega[j] * tv[i];
            value.data[r * 2 * half + j] = (float) (-s * omega[j] * Math.sin(a));
            value.data[r * 2 * half + half + j] = (float) (s * omega[j] * Math.cos(a));
          }
        }
      }
    }

    @Override
    void backward(Kernels k) {
      int half = omega.length;
      int n = t.rows();
      float[] tv = t.value.data;
      float[] g = grad.data;
      if (td == null) {
        boolean acc = t.beginGrad();
        for (int i = 0; i < n; i++) {
          double s = 0;
          for (int j = 0; j < half; j++) {
            double a = omega[j] * tv[i];
            s += -omega[j] * Math.sin(a) * g[i * 2 * half + j]
                + omega[j] * Math.cos(a) * g[i * 2 * half + half + j];
          }
          t.grad.data[i] = acc ? t.grad.data[i] + (float) s : (float) s;
        }
        return;
      }
      int rows = td.rows();
      if (td.requiresGrad) {
        boolean acc = td.beginGrad();
        for (int r = 0; r < rows; r++) {
          int i = r % n;
          double s = 0;
          for (int j = 0; j < half; j++) {
            double a = omega[j] * tv[i];
            s += -omega[j] * Math.sin(a) * g[r * 2 * half + j]
                + omega[j] * Math.cos(a) * g[r * 2 * half + half + j];
          }
          td.grad.data[r] = acc ? td.grad.data[r] + (float) s : (float) s;
        }
      }
      if (t.requiresGrad) {
        boolean acc = t.beginGrad();
        if (!acc) {
          Arrays.fill(t.grad.data, 0f);
        }
        for (int r = 0; r < rows; r++) {
          int i = r % n;
          double s = 0;
          for (int j = 0; j < half; j++) {
            double a = omega[j] * tv[i];
            double w2 = omega[j] * omega[j];
            s += -w2 * Math.cos(a) * g[r * 2 * half + j] - w2 * Math.sin(a) * g[r * 2 * half + half + j];
          }
          t.grad.data[i] += (float) (td.value.data[r] * s);
        }
      }
    }
  }
}
