package org.flowmatch4j.tensor;

/**
 * The numerical kernels that training and sampling need, on flat row-major float storage.
 *
 * <p>Two implementations exist: one on the JDK Vector API ({@code jdk.incubator.vector}, register
 * blocked products with packing, multi-threaded for large products) and a plain scalar one. {@link
 * #get()} returns the one chosen once at start-up: the vector kernels when the module is present
 * (run the JVM with {@code --add-modules jdk.incubator.vector}), else the scalar ones. The system
 * property {@code fm4j.kernels=vector|scalar} forces a choice; forcing {@code vector} without the
 * module is an error.
 *
 * <p>Conventions: products read {@code a} and {@code b} and write {@code c}; with {@code
 * accumulate} they add to {@code c} ("C += ..."), otherwise they overwrite it. Outputs must not
 * alias inputs unless a method says so. Elementwise methods work on ranges {@code [off, off +
 * len)} of arrays, so they apply to whole matrices, rows or blocks of rows alike. Reductions return
 * double. Shapes are checked at these entry points and mismatches throw {@link
 * IllegalArgumentException} naming both shapes.
 *
 * <p>Determinism: for a given implementation and thread count every method is a fixed sequence
 * of float operations, so results repeat bit for bit. Products are split across threads by output
 * rows only, so they also give the same bits for every thread count.
 */
public interface Kernels {

  /** Short name of the implementation: {@code "vector"} or {@code "scalar"}. */
  String name();

  // ---------------------------------------------------------------- products

  /** {@code C (+)= A B}: A is m x k, B is k x n, C is m x n. */
  void matmul(Matrix a, Matrix b, Matrix c, boolean accumulate);

  /** {@code C (+)= A^T B}: A is k x m, B is k x n, C is m x n (weight gradients). */
  void matmulTransA(Matrix a, Matrix b, Matrix c, boolean accumulate);

  /** {@code C (+)= A B^T}: A is m x k, B is n x k, C is m x n. */
  void matmulTransB(Matrix a, Matrix b, Matrix c, boolean accumulate);

  /**
   * A linear layer in PyTorch layout: {@code Y = X W^T + 1 b^T}, X n x in, W out x in, bias 1 x
   * out (or null for no bias), Y n x out (overwritten).
   */
  void linear(Matrix x, Matrix w, Matrix bias, Matrix y);

  // ---------------------------------------------------------------- reductions and broadcasts

  /** {@code out[0][j] (+)= sum_i a[i][j]}; out is 1 x cols (bias gradients). */
  void columnSums(Matrix a, Matrix out, boolean accumulate);

  /** {@code out[i][0] (+)= sum_j a[i][j]}; out is rows x 1 (for example a divergence). */
  void rowSums(Matrix a, Matrix out, boolean accumulate);

  /** {@code a[i][j] += row[0][j]}: adds a 1 x cols row vector to every row. */
  void addRowVector(Matrix a, Matrix row);

  /**
   * {@code out[i][j] (+)= s[i][0] * a[i][j]}: scales row i by s_i (per-row weights, path
   * coefficients). {@code out} may be {@code a} when not accumulating.
   */
  void scaleRows(Matrix a, Matrix s, Matrix out, boolean accumulate);

  /** {@code sum_i x[xo + i]} over len elements. */
  double sum(float[] x, int xo, int len);

  /** {@code sum_i x[xo + i] * y[yo + i]}. */
  double dot(float[] x, int xo, float[] y, int yo, int len);

  /** {@code sum_i (x[xo + i] - y[yo + i])^2}. */
  double sumSquaredDiff(float[] x, int xo, float[] y, int yo, int len);

  // ---------------------------------------------------------------- elementwise maps

  /** {@code y (+)= alpha x}. With {@code accumulate == false} and alpha 1 this is a copy. */
  void scale(float alpha, float[] x, int xo, float[] y, int yo, int len, boolean accumulate);

  /** {@code z (+)= alpha x + beta y}; z may alias x or y when not accumulating. */
  void axpby(
      float alpha, float[] x, int xo, float beta, float[] y, int yo, float[] z, int zo, int len,
      boolean accumulate);

  /** {@code z (+)= x * y} elementwise; z may alias x or y when not accumulating. */
  void mul(float[] x, int xo, float[] y, int yo, float[] z, int zo, int len, boolean accumulate);

  /** {@code w (+)= x * y * z} elementwise. */
  void mul3(
      float[] x, int xo, float[] y, int yo, float[] z, int zo, float[] w, int wo, int len,
      boolean accumulate);

  /**
   * {@code h = f(z)} and, when {@code d1 != null}, {@code d1 = f'(z)}. {@code h} may be {@code z}
   * (in place).
   */
  void activation(
      Activation f, float[] z, int zo, float[] h, int ho, float[] d1, int d1o, int len);

  /** {@code d1 = f'(z)} and {@code d2 = f''(z)}. */
  void activationDerivatives(
      Activation f, float[] z, int zo, float[] d1, int d1o, float[] d2, int d2o, int len);

  /**
   * One Adam/AdamW update of {@code len} parameters, with PyTorch's arithmetic:
   *
   * <pre>
   *   w *= weightScale                      (AdamW: 1 - lr * wd; else 1)
   *   g' = g + l2 * w                       (Adam with weight decay: l2 = wd; else 0)
   *   m  = beta1 m + (1 - beta1) g'
   *   v  = beta2 v + (1 - beta2) g'^2
   *   w -= stepSize * m / (sqrt(v) / bc2Sqrt + eps)
   * </pre>
   *
   * where {@code stepSize = lr / (1 - beta1^t)} and {@code bc2Sqrt = sqrt(1 - beta2^t)}.
   */
  void adam(
      float[] w, float[] g, float[] m, float[] v, int len, float beta1, float beta2,
      float stepSize, float bc2Sqrt, float eps, float l2, float weightScale);

  // ---------------------------------------------------------------- column blocks

  /** Copies {@code src} (rows x c) into columns {@code [col, col + c)} of {@code dst}. */
  default void copyToColumns(Matrix src, Matrix dst, int col) {
    if (src.rows != dst.rows || col < 0 || col + src.cols > dst.cols) {
      throw new IllegalArgumentException(
          "cannot copy a " + src.rows + "x" + src.cols + " matrix into columns " + col + ".."
              + (col + src.cols) + " of a " + dst.rows + "x" + dst.cols + " matrix");
    }
    for (int i = 0; i < src.rows; i++) {
      System.arraycopy(src.data, i * src.cols, dst.data, i * dst.cols + col, src.cols);
    }
  }

  /**
   * {@code dst (+)= src[:, col .. col + dst.cols)}: reads a block of columns of {@code src} (the
   * backward of a column concatenation).
   */
  default void copyFromColumns(Matrix src, int col, Matrix dst, boolean accumulate) {
    if (src.rows != dst.rows || col < 0 || col + dst.cols > src.cols) {
      throw new IllegalArgumentException(
          "cannot read columns " + col + ".." + (col + dst.cols) + " of a " + src.rows + "x"
              + src.cols + " matrix into a " + dst.rows + "x" + dst.cols + " matrix");
    }
    for (int i = 0; i < src.rows; i++) {
      scale(1f, src.data, i * src.cols + col, dst.data, i * dst.cols, dst.cols, accumulate);
    }
  }

  /** Writes the parts side by side into {@code out}: {@code out = [p0 | p1 | ...]}. */
  default void concatColumns(Matrix[] parts, Matrix out) {
    int col = 0;
    for (Matrix p : parts) {
      copyToColumns(p, out, col);
      col += p.cols;
    }
    if (col != out.cols) {
      throw new IllegalArgumentException(
          "parts have " + col + " columns in all, output has " + out.cols);
    }
  }

  // ---------------------------------------------------------------- selection

  /** The kernels chosen at start-up (see the class comment). */
  static Kernels get() {
    return KernelsHolder.DEFAULT;
  }

  /** The scalar kernels (always available). */
  static Kernels scalar() {
    return ScalarKernels.INSTANCE;
  }

  /**
   * The Vector API kernels.
   *
   * @throws IllegalStateException if the module {@code jdk.incubator.vector} is not present
   */
  static Kernels vector() {
    return KernelsHolder.vector();
  }

  /** Whether the Vector API module is present in this JVM. */
  static boolean vectorAvailable() {
    return KernelsHolder.vectorModulePresent();
  }
}
