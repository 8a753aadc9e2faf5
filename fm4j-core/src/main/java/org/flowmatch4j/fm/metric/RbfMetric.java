package org.flowmatch4j.fm.metric;

import java.util.Arrays;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.tensor.Matrix;

/**
 * The RBF metric of metric flow matching (Kapusniak et al., 2024): an isotropic metric from a
 * radial-basis "data density" h fitted to be about 1 on the cells,
 *
 * <pre>
 *   h(x)   = sum_k omega_k exp(-lambda_k ||x - c_k||^2 / 2)
 *   g_j(x) = (h(x) + eps)^(-alpha)        for every j
 * </pre>
 *
 * with centres c_k by k-means, {@code lambda_k = 1 / (2 (kappa s_k)^2)} where s_k is the spread of
 * cluster k (the root of its per-dimension variance averaged over dimensions), and weights
 * {@code omega_k >= 1e-4} minimising {@code mean_i (1 - h(y_i))^2} over the cells (solved here by
 * projected gradient descent on that quadratic; the published code runs Adam on it with the same
 * clamp). Published defaults: 100 centres, kappa 1, eps 1e-3, alpha 1.
 */
public final class RbfMetric implements DiagonalMetric {
  /** Default number of centres. */
  public static final int DEFAULT_CENTRES = 100;
  /** Lower bound of each weight omega_k. */
  public static final double MIN_WEIGHT = 1e-4;
  /** Iterations of projected gradient descent fitting the weights. */
  static final int FIT_ITERATIONS = 5000;

  private final Matrix centres;
  private final double[] lambda;
  private final double[] omega;
  private final double eps;
  private final double alpha;

  /**
   * @param centres c_k (K x d)
   * @param lambda K precisions, > 0
   * @param omega K weights
   * @param eps floor added to h, > 0
   * @param alpha exponent, >= 0
   */
  public RbfMetric(Matrix centres, double[] lambda, double[] omega, double eps, double alpha) {
    if (centres.rows < 1 || lambda.length != centres.rows || omega.length != centres.rows || !(eps > 0)
        || !(alpha >= 0) || !Double.isFinite(eps) || !Double.isFinite(alpha)) {
      throw new IllegalArgumentException("RBF metric needs K >= 1 centres with K precisions and weights, eps > 0 and "
          + "alpha >= 0; got " + centres.rows + " centres, " + lambda.length + " precisions, " + omega.length
          + " weights, eps " + eps + ", alpha " + alpha);
    }
    for (double l : lambda) {
      if (!(l > 0) || !Double.isFinite(l)) {
        throw new IllegalArgumentException("RBF precisions must be finite and > 0, got " + l);
      }
    }
    this.centres = centres;
    this.lambda = lambda.clone();
    this.omega = omega.clone();
    this.eps = eps;
    this.alpha = alpha;
  }

  /**
   * Fits the metric to the cells (N x d): k-means with {@code centres} centres (seeded by
   * {@code seed}), precisions from the cluster spreads times kappa, weights so that h is about 1 on
   * the cells.
   *
   * @throws IllegalArgumentException if centres > N, or kappa, eps are not > 0
   */
  public static RbfMetric fit(Matrix cells, int centres, double kappa, double eps, double alpha, long seed) {
    if (centres < 1 || centres > cells.rows) {
      throw new InvalidSettingException("{rbf-centres} must be between 1 and the " + cells.rows
          + " cells of the time points it is fitted to, got " + centres);
    }
    if (!(kappa > 0) || !Double.isFinite(kappa)) {
      throw new IllegalArgumentException("RBF kappa must be > 0, got " + kappa);
    }
    KMeans km = KMeans.fit(cells, centres, seed);
    int d = cells.cols;
    double[] spread2 = new double[centres];
    int[] count = new int[centres];
    for (int i = 0; i < cells.rows; i++) {
      int m = km.labels()[i];
      spread2[m] += KMeans.sqDist(cells, i, km.centres(), m) / d;
      count[m]++;
    }
    double overall = 0;
    for (int m = 0; m < centres; m++) {
      overall += spread2[m];
    }
    overall /= cells.rows;
    double[] lambda = new double[centres];
    for (int m = 0; m < centres; m++) {
      double s2 = count[m] > 0 ? spread2[m] / count[m] : 0;
      if (!(s2 > 0)) {
        s2 = overall > 0 ? overall : 1;
      }
      lambda[m] = 0.5 / (kappa * kappa * s2);
    }
    double[] omega = fitWeights(cells, km.centres(), lambda);
    return new RbfMetric(km.centres(), lambda, omega, eps, alpha);
  }

  /**
   * Projected gradient descent on {@code f(w) = mean_i (1 - (Phi w)_i)^2} subject to
   * {@code w >= MIN_WEIGHT}, with step 1 / L, L the largest eigenvalue of {@code Phi^T Phi / N}
   * (by power iteration), starting from w = 1 / K.
   */
  static double[] fitWeights(Matrix cells, Matrix c, double[] lambda) {
    int n = cells.rows;
    int kc = c.rows;
    double[] a = new double[kc * kc];
    double[] b = new double[kc];
    double[] phi = new double[kc];
    for (int i = 0; i < n; i++) {
      for (int m = 0; m < kc; m++) {
        phi[m] = Math.exp(-0.5 * lambda[m] * KMeans.sqDist(cells, i, c, m));
      }
      for (int m = 0; m < kc; m++) {
        b[m] += phi[m] / n;
        for (int q = 0; q < kc; q++) {
          a[m * kc + q] += phi[m] * phi[q] / n;
        }
      }
    }
    double[] v = new double[kc];
    Arrays.fill(v, 1);
    double l = 0;
    double[] av = new double[kc];
    for (int it = 0; it < 100; it++) {
      mul(a, v, av);
      double norm = 0;
      for (double e : av) {
        norm += e * e;
      }
      norm = Math.sqrt(norm);
      if (!(norm > 0)) {
        break;
      }
      l = norm / Math.sqrt(dot(v, v));
      for (int m = 0; m < kc; m++) {
        v[m] = av[m] / norm;
      }
    }
    double[] w = new double[kc];
    Arrays.fill(w, Math.max(MIN_WEIGHT, 1.0 / kc));
    if (!(l > 0)) {
      return w;
    }
    double step = 1 / l;
    for (int it = 0; it < FIT_ITERATIONS; it++) {
      mul(a, w, av);
      for (int m = 0; m < kc; m++) {
        w[m] = Math.max(MIN_WEIGHT, w[m] - step * (av[m] - b[m]));
      }
    }
    return w;
  }

  private static void mul(double[] a, double[] v, double[] out) {
    int k = v.length;
    for (int m = 0; m < k; m++) {
      double s = 0;
      for (int q = 0; q < k; q++) {
        s += a[m * k + q] * v[q];
      }
      out[m] = s;
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Override
  public int dim() {
    return centres.cols;
  }

  /** The density h at row i of x. */
  public double density(Matrix x, int i) {
    double h = 0;
    for (int m = 0; m < centres.rows; m++) {
      h += omega[m] * Math.exp(-0.5 * lambda[m] * KMeans.sqDist(x, i, centres, m));
    }
    return h;
  }

  @Override
  public void apply(Matrix x, int from, int to, Matrix g) {
    int d = dim();
    for (int i = from; i < to; i++) {
      float v = (float) Math.pow(density(x, i) + eps, -alpha);
      Arrays.fill(g.data, i * d, i * d + d, v);
    }
  }

  /**
   * {@code gx = (sum_j gy_j) (-alpha) (h + eps)^(-alpha - 1) grad h}, {@code grad h = -sum_k
   * omega_k lambda_k e_k (x - c_k)}.
   */
  @Override
  public void vjp(Matrix x, Matrix gy, int from, int to, Matrix gx) {
    int d = dim();
    double[] grad = new double[d];
    for (int i = from; i < to; i++) {
      int o = i * d;
      Arrays.fill(grad, 0);
      double h = 0;
      for (int m = 0; m < centres.rows; m++) {
        double e = omega[m] * Math.exp(-0.5 * lambda[m] * KMeans.sqDist(x, i, centres, m));
        h += e;
        for (int j = 0; j < d; j++) {
          grad[j] -= e * lambda[m] * (x.data[o + j] - centres.data[m * d + j]);
        }
      }
      double sg = 0;
      for (int j = 0; j < d; j++) {
        sg += gy.data[o + j];
      }
      double f = -alpha * sg * Math.pow(h + eps, -alpha - 1);
      for (int j = 0; j < d; j++) {
        gx.data[o + j] = (float) (f * grad[j]);
      }
    }
  }

  @Override
  public void save(Checkpoint ck, String section) {
    ck.put(section + ".kind", MetricKind.RBF.cliName());
    ck.put(section + ".eps", Double.toString(eps));
    ck.put(section + ".alpha", Double.toString(alpha));
    ck.putTensor(section, "centres", centres);
    Matrix l = new Matrix(2, centres.rows);
    for (int m = 0; m < centres.rows; m++) {
      l.data[m] = (float) lambda[m];
      l.data[centres.rows + m] = (float) omega[m];
    }
    ck.putTensor(section, "lambda_omega", l);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "rbf(centres=%d, eps=%.4g, alpha=%s)", centres.rows, eps, alpha);
  }
}
