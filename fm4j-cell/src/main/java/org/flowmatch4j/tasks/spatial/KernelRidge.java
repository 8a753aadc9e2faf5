package org.flowmatch4j.tasks.spatial;

import java.util.ArrayList;
import java.util.List;
import org.flowmatch4j.tensor.Cholesky;
import org.flowmatch4j.tensor.Matrix;

/**
 * Kernel ridge regression with the Gaussian (RBF) kernel on z-scored features and an unpenalised
 * mean: with z_i the training spots' z-scores (n x F), {@code K_ij = exp(-gamma |z_i - z_j|^2)},
 * {@code gamma = gammaScale / F},
 *
 * <pre>
 * A = (K + alpha I)^-1 (Y - mean(Y))        (n x G)
 * prediction(z) = mean(Y) + sum_i exp(-gamma |z - z_i|^2) A_i
 * </pre>
 *
 * (scikit-learn's {@code KernelRidge(alpha, kernel="rbf", gamma)} fitted to the centred targets).
 * Solved by Cholesky in double precision.
 */
public final class KernelRidge {
  private KernelRidge() {}

  /**
   * One setting.
   *
   * @param alpha the penalty, &gt; 0
   * @param gammaScale gamma times the number of features, &gt; 0 (1: the kernel's width is the
   *     features' typical distance scale)
   */
  public record Setting(double alpha, double gammaScale) {
    /** Checks both are positive. */
    public Setting {
      if (!(alpha > 0) || !(gammaScale > 0)) {
        throw new IllegalArgumentException("kernel ridge: alpha and gamma scale must be > 0, got " + alpha + ", " + gammaScale);
      }
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "(alpha %.4g, gamma %.4g/F)", alpha, gammaScale);
    }
  }

  /** The settings chosen among by default: alpha in 0.1, 1, 10 times gamma scale in 0.1, 0.3, 1. */
  public static final List<Setting> GRID = grid(new double[] {0.1, 1, 10}, new double[] {0.1, 0.3, 1});

  /**
   * The setting used where there is one training section, so nothing to choose by: the middle of
   * {@link #GRID}.
   */
  public static final Setting SINGLE_SECTION = new Setting(1, 0.3);

  private static List<Setting> grid(double[] alphas, double[] scales) {
    List<Setting> out = new ArrayList<>();
    for (double a : alphas) {
      for (double s : scales) {
        out.add(new Setting(a, s));
      }
    }
    return List.copyOf(out);
  }

  /** The prediction for {@code xQuery} (rows x G) of the kernel ridge fitted to {@code x, y}. */
  static Matrix fitPredict(Matrix x, Matrix y, Matrix xQuery, Setting setting) {
    Standardizer st = Standardizer.fit(x);
    Matrix z = st.apply(x);
    Matrix zq = st.apply(xQuery);
    int n = z.rows;
    int g = y.cols;
    double gamma = setting.gammaScale() / z.cols;
    double[] ym = new double[g];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < g; j++) {
        ym[j] += y.data[i * g + j] / (double) n;
      }
    }
    double[] k = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double v = kernel(z, i, z, j, gamma);
        k[i * n + j] = v;
        k[j * n + i] = v;
      }
      k[i * n + i] += setting.alpha();
    }
    double[] l = new double[n * n];
    if (Cholesky.factor(k, n, 0, l) >= 0) {
      throw new IllegalArgumentException("kernel ridge: K + alpha I is not positive definite");
    }
    double[][] dual = new double[g][n];
    for (int j = 0; j < g; j++) {
      for (int i = 0; i < n; i++) {
        dual[j][i] = y.data[i * g + j] - ym[j];
      }
      Cholesky.solve(l, n, dual[j]);
    }
    Matrix out = new Matrix(zq.rows, g);
    double[] kq = new double[n];
    for (int q = 0; q < zq.rows; q++) {
      for (int i = 0; i < n; i++) {
        kq[i] = kernel(zq, q, z, i, gamma);
      }
      for (int j = 0; j < g; j++) {
        double s = ym[j];
        for (int i = 0; i < n; i++) {
          s += kq[i] * dual[j][i];
        }
        out.data[q * g + j] = (float) s;
      }
    }
    return out;
  }

  /** {@code exp(-gamma |a_i - b_j|^2)} of row i of a and row j of b. */
  private static double kernel(Matrix a, int i, Matrix b, int j, double gamma) {
    int d = a.cols;
    double s = 0;
    for (int c = 0; c < d; c++) {
      double v = a.data[i * d + c] - b.data[j * d + c];
      s += v * v;
    }
    return Math.exp(-gamma * s);
  }
}
