package org.flowmatch4j.fm.likelihood;

import org.flowmatch4j.fm.DifferentiableField;
import org.flowmatch4j.fm.path.Scheduler;
import org.flowmatch4j.tensor.Matrix;

/** Closed-form vector fields whose flows and densities are known exactly, for tests. */
final class GaussianFields {
  private GaussianFields() {}

  /** v(x, t) = A x for a constant d x d matrix A (row-major, double). */
  static DifferentiableField linear(double[][] a) {
    int d = a.length;
    return new DifferentiableField() {
      @Override
      public void eval(Matrix x, double t, Matrix out) {
        apply(x, out);
      }

      @Override
      public void jvp(Matrix x, double t, Matrix u, Matrix out, Matrix ju) {
        apply(x, out);
        apply(u, ju);
      }

      @Override
      public void divergence(Matrix x, double t, Matrix out, Matrix div) {
        apply(x, out);
        double tr = 0;
        for (int i = 0; i < d; i++) {
          tr += a[i][i];
        }
        java.util.Arrays.fill(div.data, (float) tr);
      }

      private void apply(Matrix x, Matrix out) {
        for (int r = 0; r < x.rows; r++) {
          for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
              s += a[i][j] * x.data[r * d + j];
            }
            out.data[r * d + i] = (float) s;
          }
        }
      }
    };
  }

  /** A field of the form v(x, t) = m(t) + c(t) (x - center(t)) with J = c(t) I. */
  interface IsotropicAffine {
    double c(double t);

    double mean(double t, int j);

    double center(double t, int j);
  }

  static DifferentiableField isotropic(IsotropicAffine f) {
    return new DifferentiableField() {
      @Override
      public void eval(Matrix x, double t, Matrix out) {
        double c = f.c(t);
        int d = x.cols;
        for (int r = 0; r < x.rows; r++) {
          for (int j = 0; j < d; j++) {
            out.data[r * d + j] = (float) (f.mean(t, j) + c * (x.data[r * d + j] - f.center(t, j)));
          }
        }
      }

      @Override
      public void jvp(Matrix x, double t, Matrix u, Matrix out, Matrix ju) {
        eval(x, t, out);
        double c = f.c(t);
        for (int k = 0; k < u.data.length; k++) {
          ju.data[k] = (float) (c * u.data[k]);
        }
      }

      @Override
      public void divergence(Matrix x, double t, Matrix out, Matrix div) {
        eval(x, t, out);
        java.util.Arrays.fill(div.data, (float) (x.cols * f.c(t)));
      }
    };
  }

  /**
   * The straight (optimal-transport) flow from N(0, I) to N(mu, s^2 I): x_t = (1 + t (s - 1)) x0 +
   * t mu, with marginals N(t mu, (1 + t (s - 1))^2 I) and velocity mu + (s - 1) / (1 + t (s - 1)) (x
   * - t mu).
   */
  static DifferentiableField straightGaussian(double[] mu, double s) {
    return isotropic(new IsotropicAffine() {
      @Override
      public double c(double t) {
        return (s - 1) / (1 + t * (s - 1));
      }

      @Override
      public double mean(double t, int j) {
        return mu[j];
      }

      @Override
      public double center(double t, int j) {
        return t * mu[j];
      }
    });
  }

  /**
   * The marginal velocity of the affine path x_t = alpha x1 + sigma x0 with x0 ~ N(0, I) and x1 ~
   * N(mu, s^2 I) independent: the marginals are N(alpha mu, V I) with V = alpha^2 s^2 + sigma^2 and
   * v = dAlpha mu + (alpha dAlpha s^2 + sigma dSigma) / V (x - alpha mu).
   */
  static DifferentiableField gaussianMarginal(Scheduler sch, double[] mu, double s) {
    return isotropic(new IsotropicAffine() {
      @Override
      public double c(double t) {
        double a = sch.alpha(t);
        double g = sch.sigma(t);
        return (a * sch.dAlpha(t) * s * s + g * sch.dSigma(t)) / (a * a * s * s + g * g);
      }

      @Override
      public double mean(double t, int j) {
        return sch.dAlpha(t) * mu[j];
      }

      @Override
      public double center(double t, int j) {
        return sch.alpha(t) * mu[j];
      }
    });
  }

  /** log N(x; m, v I) for a row x. */
  static double logNormal(Matrix x, int row, double[] m, double var) {
    int d = x.cols;
    double sq = 0;
    for (int j = 0; j < d; j++) {
      double e = x.data[row * d + j] - m[j];
      sq += e * e;
    }
    return -0.5 * sq / var - 0.5 * d * Math.log(2 * Math.PI * var);
  }

  /** exp(A) by scaling and squaring with a Taylor series, in double. */
  static double[][] expm(double[][] a) {
    int d = a.length;
    double norm = 0;
    for (double[] row : a) {
      for (double v : row) {
        norm = Math.max(norm, Math.abs(v));
      }
    }
    int squarings = Math.max(0, (int) Math.ceil(Math.log(norm * d + 1e-300) / Math.log(2)) + 4);
    double scale = Math.pow(2, -squarings);
    double[][] term = identity(d);
    double[][] sum = identity(d);
    for (int k = 1; k <= 30; k++) {
      term = multiply(term, a);
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          term[i][j] *= scale / k;
        }
      }
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          sum[i][j] += term[i][j];
        }
      }
    }
    for (int q = 0; q < squarings; q++) {
      sum = multiply(sum, sum);
    }
    return sum;
  }

  static double[][] identity(int d) {
    double[][] m = new double[d][d];
    for (int i = 0; i < d; i++) {
      m[i][i] = 1;
    }
    return m;
  }

  static double[][] multiply(double[][] a, double[][] b) {
    int d = a.length;
    double[][] c = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int k = 0; k < d; k++) {
        for (int j = 0; j < d; j++) {
          c[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return c;
  }
}
