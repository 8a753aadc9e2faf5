package org.flowmatch4j.nn;

import java.util.ArrayList;
import java.util.function.Function;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;

/**
 * Reverse-mode automatic differentiation over {@link Matrix} values.
 *
 * <p>Operations called on a tape compute their value at once and record themselves; {@link
 * #backward(Var)} then walks the record backwards from a 1 x 1 loss and accumulates gradients.
 * Parameters ({@link #param(Parameter)}) accumulate into {@link Parameter#grad()} across backward
 * passes, like PyTorch, until {@link Parameter#zeroGrad()}; every other value's gradient is
 * recomputed by each pass.
 *
 * <p>Buffers are reused: {@link #reset()} starts a new recording that replays into the nodes of the
 * previous one, so a training step that records the same operations on the same shapes allocates
 * nothing after its first run. The price is that a {@link Var} is valid only until the next {@code
 * reset()}.
 *
 * <p>Forward-mode derivatives are built from the same operations: {@link #activationJvp} gives the
 * tangent {@code f'(z) zDot} of an activation as an ordinary recorded value, so a directional
 * derivative (a JVP) can itself be differentiated (see {@link Mlp#jvp}). Tangents may stack k
 * directions as k blocks of rows: a tangent of a n x d value is then (k n) x d, block b holding
 * direction b for all n rows.
 *
 * <p>A tape is not thread-safe. Shapes are checked when an operation is recorded.
 */
public final class Tape {
  private final Kernels kernels;
  private final ArrayList<Var> nodes = new ArrayList<>();
  private int size;

  /** A tape on the default kernels ({@link Kernels#get()}). */
  public Tape() {
    this(Kernels.get());
  }

  /** A tape on the given kernels. */
  public Tape(Kernels kernels) {
    this.kernels = kernels;
  }

  /** The kernels this tape computes with. */
  public Kernels kernels() {
    return kernels;
  }

  /** Starts a new recording; values of the previous one become invalid. */
  public void reset() {
    size = 0;
  }

  /** Number of values recorded since the last reset. */
  public int size() {
    return size;
  }

  /** Returns the node at the cursor if it is of the wanted class, else a new one in its place. */
  private <T extends Var> T next(Class<T> type, Function<Tape, T> create) {
    T node;
    if (size < nodes.size() && type.isInstance(nodes.get(size))) {
      node = type.cast(nodes.get(size));
    } else {
      node = create.apply(this);
      if (size < nodes.size()) {
        nodes.set(size, node);
      } else {
        nodes.add(node);
      }
    }
    node.index = size++;
    return node;
  }

  private void own(Var v, String what) {
    if (v == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (v.tape != this || v.index >= size || nodes.get(v.index) != v) {
      throw new IllegalArgumentException(
          what + " was not recorded on this tape since its last reset");
    }
  }

  // ------------------------------------------------------------------ leaves

  /** A value that needs no gradient; {@code m} is referenced, not copied. */
  public Var constant(Matrix m) {
    Ops.Leaf leaf = next(Ops.Leaf.class, Ops.Leaf::new);
    leaf.set(m, false, null);
    return leaf;
  }

  /**
   * A value whose gradient is wanted (for example inputs, in tests); {@code m} is referenced, not
   * copied. After backward, {@link Var#grad()} holds the gradient (zeros if the loss does not
   * depend on it).
   */
  public Var variable(Matrix m) {
    Ops.Leaf leaf = next(Ops.Leaf.class, Ops.Leaf::new);
    leaf.set(m, true, null);
    return leaf;
  }

  /** A parameter: its value is used in place, its gradient accumulates into {@link Parameter#grad()}. */
  public Var param(Parameter p) {
    Ops.Leaf leaf = next(Ops.Leaf.class, Ops.Leaf::new);
    leaf.set(p.value(), true, p);
    return leaf;
  }

  /** A rows x cols constant of zeros (owned by the tape, kept across resets). */
  public Var zeros(int rows, int cols) {
    Ops.OwnedConstant c = next(Ops.OwnedConstant.class, Ops.OwnedConstant::new);
    c.set(rows, cols, -1);
    return c;
  }

  /**
   * The d stacked unit tangents for n points: a (d n) x d constant whose row {@code b n + i} is
   * the unit vector e_b. Used to compute exact divergences with one batched JVP.
   */
  public Var unitTangents(int n, int d) {
    Ops.OwnedConstant c = next(Ops.OwnedConstant.class, Ops.OwnedConstant::new);
    c.set(d * n, d, d);
    return c;
  }

  // ------------------------------------------------------------------ layers

  /**
   * A linear layer {@code y = x w^T + 1 b^T}: x is n x in, w is out x in (PyTorch layout), b is 1 x
   * out or null, y is n x out.
   */
  public Var linear(Var x, Var w, Var b) {
    own(x, "linear input");
    own(w, "linear weight");
    if (b != null) {
      own(b, "linear bias");
    }
    if (w.cols() != x.cols()) {
      throw new IllegalArgumentException(
          "linear: input " + x.shape() + " does not match weight " + w.shape()
              + " (weight must be out x in)");
    }
    if (b != null && (b.rows() != 1 || b.cols() != w.rows())) {
      throw new IllegalArgumentException(
          "linear: bias must be 1x" + w.rows() + ", got " + b.shape());
    }
    Ops.Linear node = next(Ops.Linear.class, Ops.Linear::new);
    node.forward(kernels, x, w, b);
    return node;
  }

  /** {@code f(z)} elementwise. */
  public Var activation(Activation f, Var z) {
    own(z, "activation input");
    Ops.Act node = next(Ops.Act.class, Ops.Act::new);
    node.forward(kernels, f, z);
    return node;
  }

  /**
   * The tangent of {@code f(z)} along {@code zDot}: {@code f'(z) * zDot} elementwise, where zDot
   * has z's shape or stacks k tangent blocks of it ((k n) x d). Differentiable in both z (through
   * {@code f''}) and zDot.
   */
  public Var activationJvp(Activation f, Var z, Var zDot) {
    own(z, "activationJvp point");
    own(zDot, "activationJvp tangent");
    if (zDot.cols() != z.cols() || z.rows() == 0 || zDot.rows() % z.rows() != 0) {
      throw new IllegalArgumentException(
          "activationJvp: tangent " + zDot.shape() + " must stack blocks of the point's shape "
              + z.shape());
    }
    Ops.ActJvp node = next(Ops.ActJvp.class, Ops.ActJvp::new);
    node.forward(kernels, f, z, zDot);
    return node;
  }

  /** {@code [a | b]}: concatenation along columns (same number of rows). */
  public Var concat(Var a, Var b) {
    checkPart(a, a);
    checkPart(b, a);
    Ops.Concat node = next(Ops.Concat.class, Ops.Concat::new);
    node.forward(kernels, a, b);
    return node;
  }

  /** {@code [a | b | c]}: concatenation along columns (same number of rows). */
  public Var concat(Var a, Var b, Var c) {
    checkPart(a, a);
    checkPart(b, a);
    checkPart(c, a);
    Ops.Concat node = next(Ops.Concat.class, Ops.Concat::new);
    node.forward(kernels, a, b, c);
    return node;
  }

  /** Concatenation of any number of parts along columns. */
  public Var concat(Var... parts) {
    checkConcat(parts);
    Ops.Concat node = next(Ops.Concat.class, Ops.Concat::new);
    node.forward(kernels, parts);
    return node;
  }

  private void checkConcat(Var... parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("concat needs at least one part");
    }
    for (Var p : parts) {
      checkPart(p, parts[0]);
    }
  }

  private void checkPart(Var part, Var first) {
    own(part, "concat part");
    if (part.rows() != first.rows()) {
      throw new IllegalArgumentException(
          "concat: a part is " + part.shape() + ", the first is " + first.shape()
              + " (rows must agree)");
    }
  }

  /**
   * Sinusoidal embedding of times t (n x 1): {@code [cos(omega_j t) | sin(omega_j t)]}, n x (2
   * omega.length).
   */
  Var sinusoidal(Var t, double[] omega) {
    own(t, "time");
    requireColumn(t, "sinusoidal time");
    Ops.Sinusoidal node = next(Ops.Sinusoidal.class, Ops.Sinusoidal::new);
    node.forward(t, null, omega);
    return node;
  }

  /** The tangent of {@link #sinusoidal} along stacked time tangents tDot ((k n) x 1). */
  Var sinusoidalJvp(Var t, Var tDot, double[] omega) {
    own(t, "time");
    own(tDot, "time tangent");
    requireColumn(t, "sinusoidal time");
    requireColumn(tDot, "sinusoidal time tangent");
    if (t.rows() == 0 || tDot.rows() % t.rows() != 0) {
      throw new IllegalArgumentException(
          "time tangent " + tDot.shape() + " must stack blocks of " + t.shape());
    }
    Ops.Sinusoidal node = next(Ops.Sinusoidal.class, Ops.Sinusoidal::new);
    node.forward(t, tDot, omega);
    return node;
  }

  private static void requireColumn(Var v, String what) {
    if (v.cols() != 1) {
      throw new IllegalArgumentException(what + " must be n x 1, got " + v.shape());
    }
  }

  /**
   * The attention pooling of the condition set (see {@link AttentionPool}): c (n x condDim)
   * becomes {@code [pool | rest]}, differentiable in c and in the pool's parameters.
   */
  public Var attentionPool(Var c, AttentionPool pool) {
    own(c, "attention pool input");
    AttentionPoolConfig cfg = pool.config();
    if (c.cols() < cfg.setColumns()) {
      throw new IllegalArgumentException("attentionPool: the condition is " + c.shape() + ", the set of "
          + cfg.setSize() + " x " + cfg.elementDim() + " and its mask need " + cfg.setColumns() + " columns");
    }
    Var q = param(pool.query());
    Var wk = param(pool.key());
    Var wv = param(pool.value());
    AttentionPool.Node node = next(AttentionPool.Node.class, AttentionPool.Node::new);
    node.forward(pool, c, q, wk, wv);
    return node;
  }

  // ------------------------------------------------------------------ elementwise

  /** {@code a + b}. */
  public Var add(Var a, Var b) {
    return axpby(1f, a, 1f, b);
  }

  /** {@code a - b}. */
  public Var sub(Var a, Var b) {
    return axpby(1f, a, -1f, b);
  }

  /** {@code alpha a}. */
  public Var scale(Var a, float alpha) {
    own(a, "scale input");
    Ops.Axpby node = next(Ops.Axpby.class, Ops.Axpby::new);
    node.forward(kernels, alpha, a, 0f, null);
    return node;
  }

  /**
   * {@code alpha a + beta b}, same shapes. With 1 x 1 losses this is the weighted sum {@code
   * alpha L_a + beta L_b}; chain it for more terms.
   */
  public Var axpby(float alpha, Var a, float beta, Var b) {
    own(a, "first term");
    own(b, "second term");
    sameShape(a, b, "axpby");
    Ops.Axpby node = next(Ops.Axpby.class, Ops.Axpby::new);
    node.forward(kernels, alpha, a, beta, b);
    return node;
  }

  /** {@code a * b} elementwise, same shapes. */
  public Var mul(Var a, Var b) {
    own(a, "first factor");
    own(b, "second factor");
    sameShape(a, b, "mul");
    Ops.Mul node = next(Ops.Mul.class, Ops.Mul::new);
    node.forward(kernels, a, b);
    return node;
  }

  /**
   * {@code out[b n + i][j] = a[i][j] s[b n + i][j]}: a (n x m) multiplies each of the k stacked
   * blocks of s ((k n) x m) elementwise, as a point-dependent factor multiplies stacked tangents.
   */
  public Var mulBlocks(Var a, Var s) {
    own(a, "mulBlocks factor");
    own(s, "mulBlocks stacked blocks");
    if (s.cols() != a.cols() || a.rows() == 0 || s.rows() % a.rows() != 0) {
      throw new IllegalArgumentException(
          "mulBlocks: " + s.shape() + " must stack blocks of the factor's shape " + a.shape());
    }
    Ops.MulBlocks node = next(Ops.MulBlocks.class, Ops.MulBlocks::new);
    node.forward(kernels, a, s);
    return node;
  }

  /** {@code out[i][j] = s[i] a[i][j]}: per-row weights s (n x 1). */
  public Var scaleRows(Var a, Var s) {
    own(a, "scaleRows input");
    own(s, "row scales");
    if (s.rows() != a.rows() || s.cols() != 1) {
      throw new IllegalArgumentException(
          "scaleRows: scales must be " + a.rows() + "x1 for a " + a.shape() + " input, got "
              + s.shape());
    }
    Ops.ScaleRows node = next(Ops.ScaleRows.class, Ops.ScaleRows::new);
    node.forward(kernels, a, s);
    return node;
  }

  /**
   * {@code y_i = f(x_i)} for each row of x (n x d), n x {@code f.outputCols(d)}; the gradient
   * flows to x through {@link RowMap#vjp}.
   */
  public Var rowMap(RowMap f, Var x) {
    own(x, "rowMap input");
    if (f == null) {
      throw new IllegalArgumentException("rowMap needs a map");
    }
    Ops.RowMapped node = next(Ops.RowMapped.class, Ops.RowMapped::new);
    node.forward(f, x);
    return node;
  }

  // ------------------------------------------------------------------ reductions and losses

  /** {@code out[i] = sum_j a[i][j]}, n x 1 (for example a Hutchinson divergence estimate). */
  public Var rowSums(Var a) {
    own(a, "rowSums input");
    Ops.RowSums node = next(Ops.RowSums.class, Ops.RowSums::new);
    node.forward(kernels, a);
    return node;
  }

  /** {@code sum_ij a[i][j]}, 1 x 1. */
  public Var sum(Var a) {
    own(a, "sum input");
    Ops.Sum node = next(Ops.Sum.class, Ops.Sum::new);
    node.forward(kernels, a, 1.0);
    return node;
  }

  /** {@code (1/N) sum_ij a[i][j]}, 1 x 1, N = number of elements. */
  public Var mean(Var a) {
    own(a, "mean input");
    Ops.Sum node = next(Ops.Sum.class, Ops.Sum::new);
    node.forward(kernels, a, a.value.size() == 0 ? 0.0 : 1.0 / a.value.size());
    return node;
  }

  /** Mean squared error {@code (1/N) sum_ij (a_ij - b_ij)^2}, 1 x 1 (PyTorch's MSELoss). */
  public Var mse(Var a, Var b) {
    own(a, "mse prediction");
    own(b, "mse target");
    sameShape(a, b, "mse");
    Ops.Mse node = next(Ops.Mse.class, Ops.Mse::new);
    node.forward(kernels, a, b, null);
    return node;
  }

  /**
   * Row-weighted mean squared error {@code (1/N) sum_i w_i sum_j (a_ij - b_ij)^2}, N = number of
   * elements, w n x 1. With all w_i = 1 it equals {@link #mse}.
   */
  public Var weightedMse(Var a, Var b, Var w) {
    own(a, "mse prediction");
    own(b, "mse target");
    own(w, "mse row weights");
    sameShape(a, b, "weightedMse");
    if (w.rows() != a.rows() || w.cols() != 1) {
      throw new IllegalArgumentException(
          "weightedMse: weights must be " + a.rows() + "x1, got " + w.shape());
    }
    Ops.Mse node = next(Ops.Mse.class, Ops.Mse::new);
    node.forward(kernels, a, b, w);
    return node;
  }

  /**
   * {@code out[i] = sum_{b < k} dv[b n + i][b]} (n x 1) for a tangent dv of k stacked blocks of n
   * rows. With the d {@link #unitTangents} of a d-dimensional input, it is the exact divergence
   * {@code sum_j dv_j / dx_j}.
   */
  public Var stackedTrace(Var dv, int n) {
    own(dv, "stackedTrace tangent");
    if (n <= 0 || dv.rows() % n != 0 || dv.rows() / n > dv.cols()) {
      throw new IllegalArgumentException(
          "stackedTrace: " + dv.shape() + " is not k blocks of " + n + " rows with k <= columns");
    }
    Ops.StackedTrace node = next(Ops.StackedTrace.class, Ops.StackedTrace::new);
    node.forward(dv, n);
    return node;
  }

  private static void sameShape(Var a, Var b, String what) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) {
      throw new IllegalArgumentException(
          what + ": shapes differ, " + a.shape() + " vs " + b.shape());
    }
  }

  // ------------------------------------------------------------------ backward

  /**
   * Back-propagates from a 1 x 1 {@code loss}: afterwards {@link Var#grad()} of every recorded
   * value it depends on holds d loss / d value, and each parameter's gradient has d loss / d
   * parameter added to it.
   */
  public void backward(Var loss) {
    own(loss, "loss");
    if (loss.rows() != 1 || loss.cols() != 1) {
      throw new IllegalArgumentException("backward needs a 1x1 loss, got " + loss.shape());
    }
    for (int i = 0; i < size; i++) {
      nodes.get(i).gradWritten = false;
    }
    if (!loss.requiresGrad) {
      zeroUnreachedVariables();
      return;
    }
    loss.beginGrad();
    loss.grad.data[0] = 1f;
    for (int i = loss.index; i >= 0; i--) {
      Var v = nodes.get(i);
      if (v.requiresGrad && v.gradWritten) {
        v.backward(kernels);
      }
    }
    zeroUnreachedVariables();
  }

  private void zeroUnreachedVariables() {
    for (int i = 0; i < size; i++) {
      Var v = nodes.get(i);
      if (v instanceof Ops.Leaf && ((Ops.Leaf) v).param == null && v.requiresGrad
          && !v.gradWritten) {
        v.beginGrad();
        java.util.Arrays.fill(v.grad.data, 0f);
      }
    }
  }
}
