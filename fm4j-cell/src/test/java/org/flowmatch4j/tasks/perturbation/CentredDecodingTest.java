package org.flowmatch4j.tasks.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.preprocess.Pca;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/**
 * The mean residual of a PCA decoder against a direct computation, and the defining property of
 * centred decoding: each decoded cell keeps its own residual, while the decoded cells' mean is the
 * PCA inverse of the predicted cells' mean.
 */
class CentredDecodingTest {

  private static Matrix gaussian(int n, int p, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Matrix m = new Matrix(n, p);
    for (int q = 0; q < m.data.length; q++) {
      m.data[q] = (float) (r.nextGaussian() + (q % p) * 0.1);
    }
    return m;
  }

  @Test
  void meanResidualIsTheMeanOfWhatTheEmbeddingMisses() {
    Matrix train = gaussian(40, 12, 1);
    Pca pca = Pca.fit(DenseMatrix.of(train), 3, Pca.Solver.AUTO, 0);
    LinearDecoder dec = LinearDecoder.of(pca);
    Matrix x0 = gaussian(9, 12, 2);
    Matrix z0 = pca.transform(DenseMatrix.of(x0));
    double[] rbar = dec.meanResidual(x0, z0);
    Matrix back = dec.inverse(z0);
    for (int j = 0; j < 12; j++) {
      double direct = 0;
      for (int i = 0; i < 9; i++) {
        direct += (x0.get(i, j) - back.get(i, j)) / 9.0;
      }
      assertEquals(direct, rbar[j], 1e-5, "gene " + j);
    }
    assertThrows(IllegalArgumentException.class, () -> dec.meanResidual(x0, z0.rows(new int[] {0, 1})));
  }

  @Test
  void centredDecodingHasTheInverseMeanAndKeepsEachCellsResidual() {
    Matrix train = gaussian(40, 12, 3);
    Pca pca = Pca.fit(DenseMatrix.of(train), 4, Pca.Solver.AUTO, 0);
    LinearDecoder dec = LinearDecoder.of(pca);
    Matrix x0 = gaussian(7, 12, 4);
    Matrix z0 = pca.transform(DenseMatrix.of(x0));
    Matrix z1 = z0.copy();
    SplittableRandom r = new SplittableRandom(5);
    for (int q = 0; q < z1.data.length; q++) {
      z1.data[q] += (float) r.nextGaussian();
    }
    int[] source = {0, 1, 2, 3, 4, 5, 6};
    Matrix centred = PerturbationEvaluation.decode(Decoding.CENTRED, dec, x0, z0, z1, source);
    Matrix residual = PerturbationEvaluation.decode(Decoding.RESIDUAL, dec, x0, z0, z1, source);
    Matrix inverse = PerturbationEvaluation.decode(Decoding.INVERSE, dec, x0, z0, z1, source);
    double[] rbar = dec.meanResidual(x0, z0);
    double[] meanCentred = PerturbationMetrics.means(centred);
    double[] meanInverse = PerturbationMetrics.means(inverse);
    for (int j = 0; j < 12; j++) {
      assertEquals(meanInverse[j], meanCentred[j], 1e-5, "mean of gene " + j);
      for (int i = 0; i < 7; i++) {
        assertEquals(residual.get(i, j) - rbar[j], centred.get(i, j), 1e-5, "cell " + i + ", gene " + j);
      }
    }
  }
}
