package org.flowmatch4j.data.preprocess;

import org.flowmatch4j.data.Finite;

import java.util.SplittableRandom;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.tensor.Matrix;

/**
 * Principal component analysis of a cells x genes matrix X (n x p), as scanpy's {@code pp.pca}
 * and scikit-learn's {@code PCA} compute it: X is centred by the gene means μ, and
 *
 * <pre>
 *   X − 1μᵀ ≈ U S Vᵀ,   scores = U S (n x k),   components = Vᵀ (k x p),
 *   variance_c = S_c² / (n − 1),   variance_ratio_c = variance_c / Σ_j var(X_{·j}) (ddof 1).
 * </pre>
 *
 * <p>Solvers: {@link Solver#EXACT} eigen-decomposes the smaller of the two Gram matrices
 * (Xcᵀ Xc when p ≤ n, else Xc Xcᵀ) in double precision; {@link Solver#RANDOMIZED} is Halko, Martinsson
 * and Tropp's randomized range finder with k + 10 Gaussian test vectors from the given seed and
 * q power iterations (7 if k &lt; 0.1·min(n, p), else 4, as scikit-learn), each re-orthonormalised;
 * {@link Solver#AUTO} takes EXACT when min(n, p) ≤ 1000. Sparse X is never densified: centring is
 * applied inside the products.
 *
 * <p>Sign convention (deterministic): each component is flipped so that its entry of largest
 * absolute value is positive (scikit-learn's {@code svd_flip} on the loadings, as in sklearn ≥ 1.5;
 * older sklearn decides on the scores, so signs may differ from it per component).
 */
public final class Pca implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** How to compute the decomposition. */
  public enum Solver {
    /** EXACT when min(n, p) &lt;= 1000, else RANDOMIZED. */
    AUTO,
    /** Eigen-decomposition of the smaller Gram matrix, in double. */
    EXACT,
    /** Halko, Martinsson and Tropp's randomized range finder. */
    RANDOMIZED
  }

  /** Gene means, length p. */
  private final double[] mean;
  /** The k components, each of length p (unit vectors). */
  private final double[][] components;
  /** Explained variance per component, S_c^2 / (n - 1). */
  private final double[] variance;
  /** Explained variance divided by {@link #totalVariance}. */
  private final double[] varianceRatio;
  /** Sum of the per-gene variances of X (ddof 1). */
  private final double totalVariance;
  private final transient Matrix scores;

  private Pca(double[] mean, double[][] components, double[] variance, double totalVariance, Matrix scores) {
    this.mean = mean;
    this.components = components;
    this.variance = variance;
    this.totalVariance = totalVariance;
    this.varianceRatio = new double[variance.length];
    for (int c = 0; c < variance.length; c++) {
      varianceRatio[c] = totalVariance > 0 ? variance[c] / totalVariance : 0;
    }
    this.scores = scores;
  }

  /**
   * Fits k components. Throws {@link IllegalArgumentException} if X has non-finite values, fewer
   * than two cells, or k is outside [1, min(n, p)].
   */
  public static Pca fit(DataMatrix data, int k, Solver solver, long seed) {
    DataMatrix x = data instanceof SparseMatrix sm ? sm.toCsr() : data;
    int n = x.rows();
    int p = x.cols();
    Finite.require(x, "X");
    if (n < 2) {
      throw new IllegalArgumentException("PCA needs at least 2 cells, got " + n);
    }
    if (k < 1 || k > Math.min(n, p)) {
      throw new IllegalArgumentException(
          "number of components " + k + " must be in [1, min(n_obs, n_vars)] = [1, " + Math.min(n, p) + "]");
    }
    double[] mu = columnMeans(x);
    double total = 0;
    double[] var = columnVariances(x, mu);
    for (double v : var) {
      total += v;
    }
    Solver s = solver == Solver.AUTO ? (Math.min(n, p) <= 1000 ? Solver.EXACT : Solver.RANDOMIZED) : solver;
    double[][] v; // k components of length p
    double[] sigma2; // squared singular values
    if (s == Solver.EXACT) {
      if (p <= n) {
        SymmetricEigen e = centredGramEigen(Linalg.gramCols(x), mu, n);
        v = new double[k][];
        sigma2 = new double[k];
        for (int i = 0; i < k; i++) {
          v[i] = e.vectors[i];
          sigma2[i] = Math.max(e.values[i], 0);
        }
      } else {
        double[] g = Linalg.gramRows(x);
        double[] xm = Linalg.times(x, new double[][] {mu})[0];
        double mm = Linalg.dot(mu, mu);
        for (int a = 0; a < n; a++) {
          for (int b = 0; b < n; b++) {
            g[a * n + b] += -xm[a] - xm[b] + mm;
          }
        }
        SymmetricEigen e = new SymmetricEigen(g, n);
        double[][] u = new double[k][];
        sigma2 = new double[k];
        for (int i = 0; i < k; i++) {
          u[i] = e.vectors[i];
          sigma2[i] = Math.max(e.values[i], 0);
        }
        v = centeredTransposeTimes(x, mu, u);
        for (int i = 0; i < k; i++) {
          double norm = Math.sqrt(Linalg.dot(v[i], v[i]));
          for (int j = 0; j < p; j++) {
            v[i][j] = norm > 0 ? v[i][j] / norm : 0;
          }
        }
      }
    } else {
      int l = Math.min(k + 10, Math.min(n, p));
      int iters = k < 0.1 * Math.min(n, p) ? 7 : 4;
      SplittableRandom rng = new SplittableRandom(seed);
      double[][] omega = new double[l][p];
      for (double[] col : omega) {
        for (int j = 0; j < p; j++) {
          col[j] = rng.nextGaussian();
        }
      }
      double[][] q = centeredTimes(x, mu, omega);
      Linalg.orthonormalize(q);
      for (int it = 0; it < iters; it++) {
        double[][] z = centeredTransposeTimes(x, mu, q);
        Linalg.orthonormalize(z);
        q = centeredTimes(x, mu, z);
        Linalg.orthonormalize(q);
      }
      double[][] bt = centeredTransposeTimes(x, mu, q); // Bᵀ, l columns of length p
      double[] bbt = new double[l * l];
      for (int a = 0; a < l; a++) {
        for (int b = a; b < l; b++) {
          double d = Linalg.dot(bt[a], bt[b]);
          bbt[a * l + b] = d;
          bbt[b * l + a] = d;
        }
      }
      SymmetricEigen e = new SymmetricEigen(bbt, l);
      v = new double[k][p];
      sigma2 = new double[k];
      for (int i = 0; i < k; i++) {
        sigma2[i] = Math.max(e.values[i], 0);
        double sig = Math.sqrt(sigma2[i]);
        double[] ub = e.vectors[i];
        for (int a = 0; a < l; a++) {
          double w = ub[a];
          for (int j = 0; j < p; j++) {
            v[i][j] += w * bt[a][j];
          }
        }
        for (int j = 0; j < p; j++) {
          v[i][j] = sig > 0 ? v[i][j] / sig : 0;
        }
      }
    }
    Pca model = of(mu, v, sigma2, total, n);
    return new Pca(mu, v, model.variance, total, model.transform(x));
  }

  /**
   * The exact PCA ({@link Solver#EXACT} with p ≤ n) from the moments of X over n cells, which
   * add over any split of the cells into blocks: the column sums s_j = Σ_i x_ij and the Gram
   * matrix G = Xᵀ X (p x p, row-major, see {@link #gram}). Then μ = s / n, the covariance is
   * G − n μ μᵀ, and the total variance Σ_j (G_jj − n μ_j²) / (n − 1). The model has no scores:
   * {@link #transform} each block.
   */
  public static Pca fromMoments(double[] sum, double[] gram, long n, int k) {
    int p = sum.length;
    if (gram.length != (long) p * p) {
      throw new IllegalArgumentException("a Gram matrix of " + gram.length + " entries for " + p + " genes");
    }
    if (n < 2) {
      throw new IllegalArgumentException("PCA needs at least 2 cells, got " + n);
    }
    if (k < 1 || k > Math.min(n, p)) {
      throw new IllegalArgumentException(
          "number of components " + k + " must be in [1, min(n_obs, n_vars)] = [1, " + Math.min(n, p) + "]");
    }
    double[] mu = new double[p];
    double total = 0;
    for (int j = 0; j < p; j++) {
      mu[j] = sum[j] / n;
      total += Math.max(gram[j * p + j] - n * mu[j] * mu[j], 0) / (n - 1);
    }
    SymmetricEigen e = centredGramEigen(gram.clone(), mu, n);
    double[][] v = new double[k][];
    double[] sigma2 = new double[k];
    for (int i = 0; i < k; i++) {
      v[i] = e.vectors[i];
      sigma2[i] = Math.max(e.values[i], 0);
    }
    return of(mu, v, sigma2, total, n);
  }

  /** Xᵀ X of a block of cells (p x p, row-major, in double): the Gram matrices of blocks add up. */
  public static double[] gram(DataMatrix x) {
    return Linalg.gramCols(x instanceof SparseMatrix sm ? sm.toCsr() : x);
  }

  /** The eigen-decomposition of G − n μ μᵀ (G is overwritten). */
  private static SymmetricEigen centredGramEigen(double[] g, double[] mu, long n) {
    int p = mu.length;
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < p; b++) {
        g[a * p + b] -= n * mu[a] * mu[b];
      }
    }
    return new SymmetricEigen(g, p);
  }

  /**
   * The model of components v (signs fixed here) and squared singular values over n cells, without
   * scores.
   */
  private static Pca of(double[] mu, double[][] v, double[] sigma2, double total, long n) {
    int k = v.length;
    // deterministic signs: largest |loading| positive
    for (double[] comp : v) {
      int arg = 0;
      for (int j = 1; j < comp.length; j++) {
        if (Math.abs(comp[j]) > Math.abs(comp[arg])) {
          arg = j;
        }
      }
      if (comp[arg] < 0) {
        for (int j = 0; j < comp.length; j++) {
          comp[j] = -comp[j];
        }
      }
    }
    double[] variance = new double[k];
    for (int i = 0; i < k; i++) {
      variance[i] = sigma2[i] / (n - 1);
    }
    return new Pca(mu, v, variance, total, null);
  }

  private static double[][] centeredTimes(DataMatrix x, double[] mu, double[][] m) {
    double[][] y = Linalg.times(x, m);
    for (int c = 0; c < m.length; c++) {
      double shift = Linalg.dot(mu, m[c]);
      for (int i = 0; i < y[c].length; i++) {
        y[c][i] -= shift;
      }
    }
    return y;
  }

  private static double[][] centeredTransposeTimes(DataMatrix x, double[] mu, double[][] q) {
    double[][] z = Linalg.transposeTimes(x, q);
    for (int c = 0; c < q.length; c++) {
      double sum = 0;
      for (double v : q[c]) {
        sum += v;
      }
      for (int j = 0; j < z[c].length; j++) {
        z[c][j] -= mu[j] * sum;
      }
    }
    return z;
  }

  static double[] columnMeans(DataMatrix x) {
    double[] mu = new double[x.cols()];
    if (x instanceof DenseMatrix d) {
      Matrix m = d.values();
      for (int i = 0; i < m.rows; i++) {
        for (int j = 0; j < m.cols; j++) {
          mu[j] += m.data[i * m.cols + j];
        }
      }
    } else {
      SparseMatrix s = ((SparseMatrix) x).toCsr();
      for (int k = 0; k < s.data.length; k++) {
        mu[s.indices[k]] += s.data[k];
      }
    }
    for (int j = 0; j < mu.length; j++) {
      mu[j] /= x.rows();
    }
    return mu;
  }

  /** Per-column variances with ddof 1 (two-pass for dense; Σx² − nμ² for sparse). */
  static double[] columnVariances(DataMatrix x, double[] mu) {
    int n = x.rows();
    double[] var = new double[x.cols()];
    if (x instanceof DenseMatrix d) {
      Matrix m = d.values();
      for (int i = 0; i < m.rows; i++) {
        for (int j = 0; j < m.cols; j++) {
          double r = m.data[i * m.cols + j] - mu[j];
          var[j] += r * r;
        }
      }
    } else {
      SparseMatrix s = ((SparseMatrix) x).toCsr();
      for (int k = 0; k < s.data.length; k++) {
        double v = s.data[k];
        var[s.indices[k]] += v * v;
      }
      for (int j = 0; j < var.length; j++) {
        var[j] -= n * mu[j] * mu[j];
      }
    }
    for (int j = 0; j < var.length; j++) {
      var[j] = Math.max(var[j], 0) / (n - 1);
    }
    return var;
  }

  /** Number of components k. */
  public int k() {
    return components.length;
  }

  /** Gene means μ (length p). */
  public double[] mean() {
    return mean.clone();
  }

  /** Components as a k x p matrix (rows are unit vectors). */
  public Matrix components() {
    int p = mean.length;
    Matrix m = new Matrix(components.length, p);
    for (int c = 0; c < components.length; c++) {
      for (int j = 0; j < p; j++) {
        m.data[c * p + j] = (float) components[c][j];
      }
    }
    return m;
  }

  /** Loadings as scanpy stores them in {@code varm/PCs}: p x k. */
  public Matrix loadings() {
    int p = mean.length;
    int k = components.length;
    Matrix m = new Matrix(p, k);
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < p; j++) {
        m.data[j * k + c] = (float) components[c][j];
      }
    }
    return m;
  }

  /** Explained variance per component, S² / (n − 1). */
  public double[] variance() {
    return variance.clone();
  }

  /** Explained variance divided by the total variance of X. */
  public double[] varianceRatio() {
    return varianceRatio.clone();
  }

  /** Total variance of X: the sum of its per-gene variances (ddof 1). */
  public double totalVariance() {
    return totalVariance;
  }

  /**
   * The scores of the cells the model was fitted on (n x k), as {@code obsm/X_pca}; null for a
   * model {@link #fromMoments}.
   */
  public Matrix scores() {
    return scores;
  }

  /** Scores of new cells, (X − 1μᵀ) Vᵀ: score_ic = Σ_j (x_ij − μ_j) V_cj. X must have p columns. */
  public Matrix transform(DataMatrix data) {
    DataMatrix x = data instanceof SparseMatrix sm ? sm.toCsr() : data;
    int p = mean.length;
    if (x.cols() != p) {
      throw new IllegalArgumentException("PCA was fitted on " + p + " genes, the data has " + x.cols());
    }
    double[][] y = centeredTimes(x, mean, components);
    int n = x.rows();
    int k = components.length;
    Matrix out = new Matrix(n, k);
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < n; i++) {
        out.data[i * k + c] = (float) y[c][i];
      }
    }
    return out;
  }

  /** Back to gene space: X̂ = scores · components + 1μᵀ (n x p). */
  public Matrix inverseTransform(Matrix scores) {
    int k = components.length;
    int p = mean.length;
    if (scores.cols != k) {
      throw new IllegalArgumentException("expected scores with " + k + " columns, got " + scores.cols);
    }
    Matrix out = new Matrix(scores.rows, p);
    double[] row = new double[p];
    for (int i = 0; i < scores.rows; i++) {
      System.arraycopy(mean, 0, row, 0, p);
      for (int c = 0; c < k; c++) {
        double s = scores.data[i * k + c];
        double[] comp = components[c];
        for (int j = 0; j < p; j++) {
          row[j] += s * comp[j];
        }
      }
      for (int j = 0; j < p; j++) {
        out.data[i * p + j] = (float) row[j];
      }
    }
    return out;
  }
}
