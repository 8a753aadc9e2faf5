package org.flowmatch4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the JDK Vector API. Loaded reflectively by {@link Kernels#get()} so that the rest of
 * the code runs without the {@code jdk.incubator.vector} module. Products are in {@link
 * VectorGemm}; elementwise maps run L lanes at a time and finish the last {@code len % L}
 * elements with the scalar formulas.
 */
final class VectorKernels implements Kernels {
  private static final VectorSpecies<Float> S = VectorGemm.S;
  private static final int L = S.length();
  /** Every store casts its vector to this exact class first (see {@link VectorMaps}). */
  private static final Class<? extends FloatVector> V = VectorGemm.V;
  /** Ranges at least this long are split over threads. */
  private static final int PARALLEL_MIN = 1 << 15;
  private static final ThreadLocal<RangeTask> RANGE = ThreadLocal.withInitial(RangeTask::new);
  /**
   * Scratch for summing the lanes of a vector in a fixed order: {@code reduceLanes} adds them in
   * a different order when compiled than when interpreted, which would break reproducibility.
   */
  private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[L]);
  /** Elements summed in float lanes before the partial sum is added to a double. */
  private static final int SUM_BLOCK = 4096;

  /** Public for reflective loading. */
  public VectorKernels() {}

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public void matmul(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    VectorGemm.product(false, false, a, b, c, accumulate, null);
  }

  @Override
  public void matmulTransA(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    VectorGemm.product(true, false, a, b, c, accumulate, null);
  }

  @Override
  public void matmulTransB(Matrix a, Matrix b, Matrix c, boolean accumulate) {
    VectorGemm.product(false, true, a, b, c, accumulate, null);
  }

  @Override
  public void linear(Matrix x, Matrix w, Matrix bias, Matrix y) {
    Checks.bias(bias, w.rows);
    VectorGemm.product(false, true, x, w, y, false, bias);
  }

  @Override
  public void columnSums(Matrix a, Matrix out, boolean accumulate) {
    Checks.shape(out, 1, a.cols, "column sums of", a);
    float[] o = out.data;
    if (!accumulate) {
      java.util.Arrays.fill(o, 0f);
    }
    int n = a.cols;
    for (int i = 0; i < a.rows; i++) {
      addInto(a.data, i * n, o, 0, n);
    }
  }

  /** y[yo..] += x[xo..] over len elements. */
  private static void addInto(float[] x, int xo, float[] y, int yo, int len) {
    int j = 0;
    for (; j <= len - L; j += L) {
      V.cast(FloatVector.fromArray(S, y, yo + j).add(FloatVector.fromArray(S, x, xo + j)))
          .intoArray(y, yo + j);
    }
    for (; j < len; j++) {
      y[yo + j] += x[xo + j];
    }
  }

  @Override
  public void rowSums(Matrix a, Matrix out, boolean accumulate) {
    Checks.shape(out, a.rows, 1, "row sums of", a);
    int n = a.cols;
    for (int i = 0; i < a.rows; i++) {
      float s = sumFloat(a.data, i * n, n);
      out.data[i] = accumulate ? out.data[i] + s : s;
    }
  }

  private static float sumFloat(float[] x, int xo, int len) {
    FloatVector acc = FloatVector.zero(S);
    int j = 0;
    for (; j <= len - L; j += L) {
      acc = acc.add(FloatVector.fromArray(S, x, xo + j));
    }
    float[] lanes = LANES.get();
    V.cast(acc).intoArray(lanes, 0);
    float s = sumInOrder(lanes);
    for (; j < len; j++) {
      s += x[xo + j];
    }
    return s;
  }

  private static float sumInOrder(float[] lanes) {
    float s = 0f;
    for (float v : lanes) {
      s += v;
    }
    return s;
  }

  @Override
  public void addRowVector(Matrix a, Matrix row) {
    Checks.shape(row, 1, a.cols, "row vector added to", a);
    for (int i = 0; i < a.rows; i++) {
      addInto(row.data, 0, a.data, i * a.cols, a.cols);
    }
  }

  @Override
  public void scaleRows(Matrix a, Matrix s, Matrix out, boolean accumulate) {
    Checks.shape(s, a.rows, 1, "row scales for", a);
    Checks.sameShape(a, out, "scaleRows output");
    for (int i = 0; i < a.rows; i++) {
      scale(s.data[i], a.data, i * a.cols, out.data, i * a.cols, a.cols, accumulate);
    }
  }

  @Override
  public double sum(float[] x, int xo, int len) {
    Checks.range(x, xo, len, "sum");
    double total = 0;
    for (int b = 0; b < len; b += SUM_BLOCK) {
      total += sumFloat(x, xo + b, Math.min(SUM_BLOCK, len - b));
    }
    return total;
  }

  @Override
  public double dot(float[] x, int xo, float[] y, int yo, int len) {
    Checks.range(x, xo, len, "dot");
    Checks.range(y, yo, len, "dot");
    double total = 0;
    for (int b = 0; b < len; b += SUM_BLOCK) {
      total += dotFloat(x, xo + b, y, yo + b, Math.min(SUM_BLOCK, len - b));
    }
    return total;
  }

  private static float dotFloat(float[] x, int xo, float[] y, int yo, int n) {
    FloatVector acc = FloatVector.zero(S);
    int j = 0;
    for (; j <= n - L; j += L) {
      acc = FloatVector.fromArray(S, x, xo + j).fma(FloatVector.fromArray(S, y, yo + j), acc);
    }
    float[] lanes = LANES.get();
    V.cast(acc).intoArray(lanes, 0);
    float s = sumInOrder(lanes);
    for (; j < n; j++) {
      s += x[xo + j] * y[yo + j];
    }
    return s;
  }

  @Override
  public double sumSquaredDiff(float[] x, int xo, float[] y, int yo, int len) {
    Checks.range(x, xo, len, "sumSquaredDiff");
    Checks.range(y, yo, len, "sumSquaredDiff");
    double total = 0;
    for (int b = 0; b < len; b += SUM_BLOCK) {
      total += squaredDiffFloat(x, xo + b, y, yo + b, Math.min(SUM_BLOCK, len - b));
    }
    return total;
  }

  private static float squaredDiffFloat(float[] x, int xo, float[] y, int yo, int n) {
    FloatVector acc = FloatVector.zero(S);
    int j = 0;
    for (; j <= n - L; j += L) {
      FloatVector d = FloatVector.fromArray(S, x, xo + j).sub(FloatVector.fromArray(S, y, yo + j));
      acc = d.fma(d, acc);
    }
    float[] lanes = LANES.get();
    V.cast(acc).intoArray(lanes, 0);
    float s = sumInOrder(lanes);
    for (; j < n; j++) {
      float d = x[xo + j] - y[yo + j];
      s += d * d;
    }
    return s;
  }

  @Override
  public void scale(float alpha, float[] x, int xo, float[] y, int yo, int len,
      boolean accumulate) {
    Checks.range(x, xo, len, "scale");
    Checks.range(y, yo, len, "scale");
    if (serial(len)) {
      VectorMaps.scale0(alpha, x, xo, y, yo, len, accumulate);
    } else {
      RangeTask t = RANGE.get();
      t.op = RangeTask.SCALE;
      t.alpha = alpha;
      t.x = x;
      t.xo = xo;
      t.z = y;
      t.zo = yo;
      t.accumulate = accumulate;
      t.run(len);
    }
  }

  @Override
  public void axpby(float alpha, float[] x, int xo, float beta, float[] y, int yo, float[] z,
      int zo, int len, boolean accumulate) {
    Checks.range(x, xo, len, "axpby");
    Checks.range(y, yo, len, "axpby");
    Checks.range(z, zo, len, "axpby");
    if (serial(len)) {
      VectorMaps.axpby0(alpha, x, xo, beta, y, yo, z, zo, len, accumulate);
    } else {
      RangeTask t = RANGE.get();
      t.op = RangeTask.AXPBY;
      t.alpha = alpha;
      t.beta = beta;
      t.x = x;
      t.xo = xo;
      t.y = y;
      t.yo = yo;
      t.z = z;
      t.zo = zo;
      t.accumulate = accumulate;
      t.run(len);
    }
  }

  @Override
  public void mul(float[] x, int xo, float[] y, int yo, float[] z, int zo, int len,
      boolean accumulate) {
    Checks.range(x, xo, len, "mul");
    Checks.range(y, yo, len, "mul");
    Checks.range(z, zo, len, "mul");
    if (serial(len)) {
      VectorMaps.mul0(x, xo, y, yo, z, zo, len, accumulate);
    } else {
      RangeTask t = RANGE.get();
      t.op = RangeTask.MUL;
      t.x = x;
      t.xo = xo;
      t.y = y;
      t.yo = yo;
      t.z = z;
      t.zo = zo;
      t.accumulate = accumulate;
      t.run(len);
    }
  }

  @Override
  public void mul3(float[] x, int xo, float[] y, int yo, float[] z, int zo, float[] w, int wo,
      int len, boolean accumulate) {
    Checks.range(x, xo, len, "mul3");
    Checks.range(y, yo, len, "mul3");
    Checks.range(z, zo, len, "mul3");
    Checks.range(w, wo, len, "mul3");
    if (serial(len)) {
      VectorMaps.mul30(x, xo, y, yo, z, zo, w, wo, len, accumulate);
    } else {
      RangeTask t = RANGE.get();
      t.op = RangeTask.MUL3;
      t.x = x;
      t.xo = xo;
      t.y = y;
      t.yo = yo;
      t.z = z;
      t.zo = zo;
      t.w = w;
      t.wo = wo;
      t.accumulate = accumulate;
      t.run(len);
    }
  }

  @Override
  public void activation(Activation f, float[] z, int zo, float[] h, int ho, float[] d1, int d1o,
      int len) {
    Checks.range(z, zo, len, "activation input");
    Checks.range(h, ho, len, "activation output");
    if (d1 != null) {
      Checks.range(d1, d1o, len, "activation derivative");
    }
    if (serial(len)) {
      VectorMaps.activation0(f, z, zo, h, ho, d1, d1o, len);
    } else {
      RangeTask t = RANGE.get();
      t.op = RangeTask.ACTIVATION;
      t.f = f;
      t.x = z;
      t.xo = zo;
      t.z = h;
      t.zo = ho;
      t.w = d1;
      t.wo = d1o;
      t.run(len);
    }
  }

  @Override
  public void activationDerivatives(Activation f, float[] z, int zo, float[] d1, int d1o,
      float[] d2, int d2o, int len) {
    Checks.range(z, zo, len, "activation input");
    Checks.range(d1, d1o, len, "activation derivative");
    Checks.range(d2, d2o, len, "activation second derivative");
    if (serial(len)) {
      VectorMaps.activationDerivatives0(f, z, zo, d1, d1o, d2, d2o, len);
    } else {
      RangeTask t = RANGE.get();
      t.op = RangeTask.DERIVATIVES;
      t.f = f;
      t.x = z;
      t.xo = zo;
      t.z = d1;
      t.zo = d1o;
      t.w = d2;
      t.wo = d2o;
      t.run(len);
    }
  }

  @Override
  public void adam(float[] w, float[] g, float[] m, float[] v, int len, float beta1, float beta2,
      float stepSize, float bc2Sqrt, float eps, float l2, float weightScale) {
    Checks.range(w, 0, len, "adam weights");
    Checks.range(g, 0, len, "adam gradients");
    Checks.range(m, 0, len, "adam first moments");
    Checks.range(v, 0, len, "adam second moments");
    if (serial(len)) {
      VectorMaps.adam0(w, g, m, v, 0, len, beta1, beta2, stepSize, bc2Sqrt, eps, l2, weightScale);
    } else {
      RangeTask t = RANGE.get();
      t.op = RangeTask.ADAM;
      t.z = w;
      t.x = g;
      t.y = m;
      t.w = v;
      t.alpha = beta1;
      t.beta = beta2;
      t.stepSize = stepSize;
      t.bc2Sqrt = bc2Sqrt;
      t.eps = eps;
      t.l2 = l2;
      t.weightScale = weightScale;
      t.run(len);
    }
  }

  private static boolean serial(int len) {
    return len < PARALLEL_MIN || Parallel.threads() == 1;
  }

  /**
   * An elementwise operation over a long range, split over threads at multiples of L (so the
   * split never changes which elements take the vector or the scalar path). Reused per calling
   * thread to avoid allocation.
   */
  private static final class RangeTask implements java.util.function.IntConsumer {
    static final int SCALE = 0;
    static final int AXPBY = 1;
    static final int MUL = 2;
    static final int MUL3 = 3;
    static final int ACTIVATION = 4;
    static final int DERIVATIVES = 5;
    static final int ADAM = 6;

    int op;
    int len;
    int parts;
    float alpha;
    float beta;
    float stepSize;
    float bc2Sqrt;
    float eps;
    float l2;
    float weightScale;
    boolean accumulate;
    Activation f;
    float[] x;
    float[] y;
    float[] z;
    float[] w;
    int xo;
    int yo;
    int zo;
    int wo;

    void run(int len) {
      this.len = len;
      this.parts = Math.min(Parallel.threads(), Math.max(1, len / (PARALLEL_MIN / 2)));
      try {
        Parallel.run(parts, this);
      } finally {
        x = y = z = w = null;
        f = null;
      }
    }

    private int start(int p) {
      int vectors = len / L;
      return p == parts ? len : (int) ((long) vectors * p / parts) * L;
    }

    @Override
    public void accept(int p) {
      int s = start(p);
      int n = start(p + 1) - s;
      switch (op) {
        case SCALE:
          VectorMaps.scale0(alpha, x, xo + s, z, zo + s, n, accumulate);
          break;
        case AXPBY:
          VectorMaps.axpby0(alpha, x, xo + s, beta, y, yo + s, z, zo + s, n, accumulate);
          break;
        case MUL:
          VectorMaps.mul0(x, xo + s, y, yo + s, z, zo + s, n, accumulate);
          break;
        case MUL3:
          VectorMaps.mul30(x, xo + s, y, yo + s, z, zo + s, w, wo + s, n, accumulate);
          break;
        case ACTIVATION:
          VectorMaps.activation0(f, x, xo + s, z, zo + s, w, wo + s, n);
          break;
        case DERIVATIVES:
          VectorMaps.activationDerivatives0(f, x, xo + s, z, zo + s, w, wo + s, n);
          break;
        case ADAM:
          VectorMaps.adam0(z, x, y, w, s, n, alpha, beta, stepSize, bc2Sqrt, eps, l2,
              weightScale);
          break;
        default:
          throw new AssertionError(op);
      }
    }
  }
}
