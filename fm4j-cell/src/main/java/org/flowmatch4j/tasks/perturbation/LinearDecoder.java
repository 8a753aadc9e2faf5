package org.flowmatch4j.tasks.perturbation;

import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.data.preprocess.Pca;
import org.flowmatch4j.tensor.Cholesky;
import org.flowmatch4j.tensor.Matrix;

/**
 * An affine map from an embedding (k dimensions) back to genes (p): {@code x = mu_x + (z - mu_z) W}
 * with W (k x p). For a PCA it is the PCA inverse (W = the components, mu_x = the gene means, mu_z
 * = 0); for any other embedding it is the least-squares fit on the training cells, which for a PCA
 * fitted on those cells gives back exactly the PCA inverse.
 *
 * <p>Two ways to decode a predicted cell z1 that came from a control cell (x0, z0):
 *
 * <ul>
 *   <li>{@link #inverse}: {@code x1 = mu_x + (z1 - mu_z) W}, the prediction lies in the embedding's
 *       affine subspace of gene space;
 *   <li>{@link #displace}: {@code x1 = x0 + (z1 - z0) W}, the control cell moved by its decoded
 *       displacement, which keeps the part of x0 the embedding does not represent (for a PCA,
 *       {@code x1 = inverse(z1) + (x0 - inverse(z0))}).
 * </ul>
 */
public final class LinearDecoder {
  private final double[] muX;
  private final double[] muZ;
  private final double[][] w;

  private LinearDecoder(double[] muX, double[] muZ, double[][] w) {
    this.muX = muX;
    this.muZ = muZ;
    this.w = w;
  }

  /** The PCA inverse. */
  public static LinearDecoder of(Pca pca) {
    Matrix comp = pca.components();
    double[][] w = new double[comp.rows][comp.cols];
    for (int c = 0; c < comp.rows; c++) {
      for (int j = 0; j < comp.cols; j++) {
        w[c][j] = comp.data[c * comp.cols + j];
      }
    }
    return new LinearDecoder(pca.mean(), new double[comp.rows], w);
  }

  /**
   * The least-squares map from {@code z} (n x k) to {@code x} (n x p) with intercept: W =
   * (Zc^T Zc)^-1 Zc^T Xc on centred Z and X.
   *
   * @throws IllegalArgumentException if the columns of z are linearly dependent over these cells
   */
  public static LinearDecoder leastSquares(Matrix z, DataMatrix x) {
    int n = z.rows;
    int k = z.cols;
    int p = x.cols();
    if (x.rows() != n || n <= k) {
      throw new IllegalArgumentException("a linear decoder from " + k + " embedding dimensions needs more than " + k
          + " cells with both an embedding and genes, got " + n + " and " + x.rows());
    }
    double[] muZ = new double[k];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        muZ[c] += z.data[i * k + c];
      }
    }
    for (int c = 0; c < k; c++) {
      muZ[c] /= n;
    }
    double[] muX = new double[p];
    double[][] zx = new double[k][p];
    double[] zc = new double[k];
    if (x instanceof SparseMatrix sm) {
      SparseMatrix s = sm.toCsr();
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < k; c++) {
          zc[c] = z.data[i * k + c] - muZ[c];
        }
        for (int q = s.indptr[i]; q < s.indptr[i + 1]; q++) {
          int j = s.indices[q];
          double v = s.data[q];
          muX[j] += v;
          for (int c = 0; c < k; c++) {
            zx[c][j] += zc[c] * v;
          }
        }
      }
    } else {
      Matrix d = ((DenseMatrix) x).values();
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < k; c++) {
          zc[c] = z.data[i * k + c] - muZ[c];
        }
        for (int j = 0; j < p; j++) {
          double v = d.data[i * p + j];
          muX[j] += v;
          for (int c = 0; c < k; c++) {
            zx[c][j] += zc[c] * v;
          }
        }
      }
    }
    for (int j = 0; j < p; j++) {
      muX[j] /= n;
    }
    double[] g = new double[k * k];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < k; a++) {
        double za = z.data[i * k + a] - muZ[a];
        for (int b = 0; b < k; b++) {
          g[a * k + b] += za * (z.data[i * k + b] - muZ[b]);
        }
      }
    }
    double[] l = cholesky(g, k);
    for (int j = 0; j < p; j++) {
      double[] rhs = new double[k];
      for (int c = 0; c < k; c++) {
        rhs[c] = zx[c][j];
      }
      Cholesky.solve(l, k, rhs);
      for (int c = 0; c < k; c++) {
        zx[c][j] = rhs[c];
      }
    }
    return new LinearDecoder(muX, muZ, zx);
  }

  private static double[] cholesky(double[] a, int k) {
    double[] l = new double[k * k];
    double scale = 0;
    for (int c = 0; c < k; c++) {
      scale = Math.max(scale, a[c * k + c]);
    }
    int failed = Cholesky.factor(a, k, 1e-12 * scale, l);
    if (failed >= 0) {
      throw new IllegalArgumentException("the embedding's dimensions are linearly dependent over the training"
          + " cells (dimension " + (failed + 1) + "); a linear decoder to genes cannot be fitted");
    }
    return l;
  }

  /** Embedding dimensions k. */
  public int dim() {
    return muZ.length;
  }

  /** Genes p. */
  public int genes() {
    return muX.length;
  }

  /** {@code mu_x + (z - mu_z) W} for every row of z (n x k); returns n x p. */
  public Matrix inverse(Matrix z) {
    requireDim(z, "z");
    Matrix out = new Matrix(z.rows, muX.length);
    double[] row = new double[muX.length];
    double[] dz = new double[muZ.length];
    for (int i = 0; i < z.rows; i++) {
      System.arraycopy(muX, 0, row, 0, row.length);
      for (int c = 0; c < dz.length; c++) {
        dz[c] = z.data[i * z.cols + c] - muZ[c];
      }
      accumulate(dz, row);
      store(row, out, i);
    }
    return out;
  }

  /**
   * {@code x0 + (z1 - z0) W}: row i of z1 came from control cell {@code source[i]}, whose genes are
   * row {@code source[i]} of x0 and embedding row {@code source[i]} of z0.
   */
  public Matrix displace(Matrix x0, Matrix z0, Matrix z1, int[] source) {
    requireDim(z0, "z0");
    requireDim(z1, "z1");
    if (x0.cols != muX.length || x0.rows != z0.rows || source.length != z1.rows) {
      throw new IllegalArgumentException("displace: x0 " + x0.rows + "x" + x0.cols + ", z0 " + z0.rows + "x" + z0.cols
          + ", z1 " + z1.rows + "x" + z1.cols + " with " + source.length + " source indices do not fit a decoder to "
          + muX.length + " genes");
    }
    int p = muX.length;
    int k = muZ.length;
    Matrix out = new Matrix(z1.rows, p);
    double[] row = new double[p];
    double[] dz = new double[k];
    for (int i = 0; i < z1.rows; i++) {
      int s = source[i];
      for (int j = 0; j < p; j++) {
        row[j] = x0.data[s * p + j];
      }
      for (int c = 0; c < k; c++) {
        dz[c] = (double) z1.data[i * k + c] - z0.data[s * k + c];
      }
      accumulate(dz, row);
      store(row, out, i);
    }
    return out;
  }

  /**
   * {@code rbar = mean_i (x0_i - inverse(z0_i)) = mean x0 - inverse(mean z0)}: the mean over the
   * cells (rows of x0, n x p, and z0, n x k) of the part the embedding does not represent.
   */
  public double[] meanResidual(Matrix x0, Matrix z0) {
    requireDim(z0, "z0");
    if (x0.cols != muX.length || x0.rows != z0.rows || x0.rows == 0) {
      throw new IllegalArgumentException("meanResidual: x0 " + x0.rows + "x" + x0.cols + " and z0 " + z0.rows + "x"
          + z0.cols + " must hold the same non-empty cells of a decoder to " + muX.length + " genes");
    }
    int p = muX.length;
    int k = muZ.length;
    double[] r = new double[p];
    double[] dz = new double[k];
    for (int i = 0; i < x0.rows; i++) {
      for (int j = 0; j < p; j++) {
        r[j] += x0.data[i * p + j];
      }
      for (int c = 0; c < k; c++) {
        dz[c] += z0.data[i * k + c];
      }
    }
    double[] inv = muX.clone();
    for (int c = 0; c < k; c++) {
      dz[c] = dz[c] / x0.rows - muZ[c];
    }
    accumulate(dz, inv);
    for (int j = 0; j < p; j++) {
      r[j] = r[j] / x0.rows - inv[j];
    }
    return r;
  }

  private void accumulate(double[] dz, double[] row) {
    int p = row.length;
    for (int c = 0; c < dz.length; c++) {
      double a = dz[c];
      double[] wc = w[c];
      for (int j = 0; j < p; j++) {
        row[j] += a * wc[j];
      }
    }
  }

  private static void store(double[] row, Matrix out, int i) {
    int p = row.length;
    for (int j = 0; j < p; j++) {
      out.data[i * p + j] = (float) row[j];
    }
  }

  private void requireDim(Matrix z, String what) {
    if (z.cols != muZ.length) {
      throw new IllegalArgumentException(what + " has " + z.cols + " columns, the decoder maps " + muZ.length);
    }
  }
}
