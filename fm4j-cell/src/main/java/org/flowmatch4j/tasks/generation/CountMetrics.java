package org.flowmatch4j.tasks.generation;

import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.preprocess.Normalize;
import org.flowmatch4j.data.preprocess.Pca;
import org.flowmatch4j.metrics.EnergyDistance;
import org.flowmatch4j.metrics.Mmd;
import org.flowmatch4j.metrics.Pearson;
import org.flowmatch4j.tensor.Matrix;

/**
 * Scores generated counts against real held-out counts of the same genes. Both are normalised
 * to 10,000 counts per cell and log1p-transformed ({@code z = log1p(1e4 y / sum_g y)}, a cell
 * without counts stays 0), then projected on a PCA fitted to the training cells treated the same
 * way:
 *
 * <ul>
 *   <li>MMD: squared MMD ({@link Mmd#averaged}), RBF kernel {@code exp(-gamma |a - b|^2)} averaged
 *       over {@code gamma = c / h} for c in {0.25, 0.5, 1, 2, 4}, h the median of the non-zero squared
 *       distances between the real cells' scores (the first 500 cells; h = 1 when all coincide); the bandwidths follow the data's
 *       scale, which CellFlow's fixed set {2, ..., 0.005} does not where distances are large;
 *   <li>energy: {@link EnergyDistance#energy};
 *   <li>zero-fraction MAE: {@code mean_g |P_gen(y_g = 0) - P_real(y_g = 0)|} on the counts;
 *   <li>Pearson correlation over genes of the per-gene means, and of the per-gene variances
 *       (ddof 0), of z.
 * </ul>
 */
public final class CountMetrics {
  private final Pca pca;

  /** @param pca fitted on {@link #normalisedLog1p} of the training counts */
  public CountMetrics(Pca pca) {
    this.pca = pca;
  }

  /** Fits the PCA ({@code k} components, seed for the randomised solver) on the training counts. */
  public static CountMetrics fit(Matrix trainCounts, int k, long seed) {
    int comps = Math.min(k, Math.min(trainCounts.rows, trainCounts.cols));
    return new CountMetrics(Pca.fit(normalisedLog1p(trainCounts), comps, Pca.Solver.AUTO, seed));
  }

  /** log1p of counts normalised to 10,000 per cell. */
  public static DataMatrix normalisedLog1p(Matrix counts) {
    return Normalize.log1p(Normalize.normalizeTotal(DenseMatrix.of(counts), 1e4));
  }

  /** The scores of {@code generated} against {@code real} (both m x G counts). */
  public CountScores score(Matrix real, Matrix generated) {
    if (real.cols != generated.cols) {
      throw new IllegalArgumentException("real and generated cells have " + real.cols + " and " + generated.cols + " genes");
    }
    DataMatrix zr = normalisedLog1p(real);
    DataMatrix zg = normalisedLog1p(generated);
    Matrix pr = pca.transform(zr);
    Matrix pg = pca.transform(zg);
    double[] zeroReal = zeroFractions(real);
    double[] zeroGen = zeroFractions(generated);
    double mae = 0;
    for (int g = 0; g < zeroReal.length; g++) {
      mae += Math.abs(zeroReal[g] - zeroGen[g]);
    }
    double[][] mvReal = meanAndVariance(zr.toDense());
    double[][] mvGen = meanAndVariance(zg.toDense());
    return new CountScores(Mmd.averaged(pr, pg, gammas(pr)), EnergyDistance.energy(pr, pg), mae / zeroReal.length,
        Pearson.of(mvReal[0], mvGen[0]), Pearson.of(mvReal[1], mvGen[1]));
  }

  /** {0.25, 0.5, 1, 2, 4} over the median non-zero squared distance between the first 500 rows of x (1 if none). */
  static double[] gammas(Matrix x) {
    int n = Math.min(500, x.rows);
    double[] d = new double[n * (n - 1) / 2];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double s = 0;
        for (int c = 0; c < x.cols; c++) {
          double t = x.data[i * x.cols + c] - x.data[j * x.cols + c];
          s += t * t;
        }
        if (s > 0) {
          d[k++] = s;
        }
      }
    }
    java.util.Arrays.sort(d, 0, k);
    double h = k == 0 ? 1 : k % 2 == 1 ? d[k / 2] : 0.5 * (d[k / 2 - 1] + d[k / 2]);
    double[] c = {0.25, 0.5, 1, 2, 4};
    for (int q = 0; q < c.length; q++) {
      c[q] /= h;
    }
    return c;
  }

  /** Fraction of zero counts per gene. */
  static double[] zeroFractions(Matrix counts) {
    double[] z = new double[counts.cols];
    for (int i = 0; i < counts.rows; i++) {
      for (int g = 0; g < counts.cols; g++) {
        if (counts.data[i * counts.cols + g] == 0) {
          z[g]++;
        }
      }
    }
    for (int g = 0; g < z.length; g++) {
      z[g] /= counts.rows;
    }
    return z;
  }

  /** Per-gene mean and variance (ddof 0). */
  static double[][] meanAndVariance(Matrix x) {
    double[] mean = new double[x.cols];
    double[] var = new double[x.cols];
    for (int i = 0; i < x.rows; i++) {
      for (int g = 0; g < x.cols; g++) {
        mean[g] += x.data[i * x.cols + g];
      }
    }
    for (int g = 0; g < x.cols; g++) {
      mean[g] /= x.rows;
    }
    for (int i = 0; i < x.rows; i++) {
      for (int g = 0; g < x.cols; g++) {
        double d = x.data[i * x.cols + g] - mean[g];
        var[g] += d * d;
      }
    }
    for (int g = 0; g < x.cols; g++) {
      var[g] /= x.rows;
    }
    return new double[][] {mean, var};
  }
}
