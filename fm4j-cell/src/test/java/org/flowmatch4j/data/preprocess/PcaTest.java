package org.flowmatch4j.data.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class PcaTest {
  static Matrix random(int n, int p, long seed, double density) {
    SplittableRandom r = new SplittableRandom(seed);
    Matrix m = new Matrix(n, p);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = r.nextDouble() < density ? (float) (r.nextGaussian() * (1 + i % p)) : 0f;
    }
    return m;
  }

  @Test
  void eigenDecompositionReconstructsTheMatrix() {
    for (int n : new int[] {1, 2, 5, 40}) {
      SplittableRandom r = new SplittableRandom(n);
      double[] a = new double[n * n];
      for (int i = 0; i < n; i++) {
        for (int j = i; j < n; j++) {
          a[i * n + j] = a[j * n + i] = r.nextGaussian();
        }
      }
      SymmetricEigen e = new SymmetricEigen(a, n);
      for (int c = 0; c < n; c++) {
        if (c > 0) {
          assertTrue(e.values[c - 1] >= e.values[c], "descending");
        }
        for (int d = 0; d < n; d++) {
          assertEquals(c == d ? 1 : 0, Linalg.dot(e.vectors[c], e.vectors[d]), 1e-12, "orthonormal");
        }
        for (int i = 0; i < n; i++) { // A v = λ v
          double av = 0;
          for (int j = 0; j < n; j++) {
            av += a[i * n + j] * e.vectors[c][j];
          }
          assertEquals(e.values[c] * e.vectors[c][i], av, 1e-10);
        }
      }
    }
  }

  @Test
  void fullRankPcaReconstructsXAndSolversAgree() {
    Matrix x = random(30, 8, 1, 0.7);
    for (DataMatrix d : new DataMatrix[] {DenseMatrix.of(x), SparseMatrix.fromDense(x), SparseMatrix.fromDense(x).convert()}) {
      for (Pca.Solver s : Pca.Solver.values()) {
        Pca p = Pca.fit(d, 8, s, 3);
        Matrix back = p.inverseTransform(p.scores());
        for (int i = 0; i < x.data.length; i++) {
          assertEquals(x.data[i], back.data[i], 1e-4, s + " " + d.storage());
        }
        double sum = 0;
        for (double v : p.varianceRatio()) {
          sum += v;
        }
        assertEquals(1.0, sum, 1e-9, "all components explain all variance");
        // sign convention: the largest |loading| of each component is positive
        Matrix comp = p.components();
        for (int c = 0; c < 8; c++) {
          float best = 0;
          for (int j = 0; j < 8; j++) {
            if (Math.abs(comp.get(c, j)) > Math.abs(best)) {
              best = comp.get(c, j);
            }
          }
          assertTrue(best > 0);
        }
        assertEquals(p.scores(), p.transform(d));
      }
    }
  }

  @Test
  void moreGenesThanCellsUsesTheCellGram() {
    Matrix x = random(12, 50, 2, 0.5);
    Pca exact = Pca.fit(DenseMatrix.of(x), 4, Pca.Solver.EXACT, 0);
    Pca rand = Pca.fit(SparseMatrix.fromDense(x), 4, Pca.Solver.RANDOMIZED, 0);
    for (int c = 0; c < 4; c++) {
      assertEquals(exact.variance()[c], rand.variance()[c], 1e-6 * exact.variance()[0]);
    }
    assertEquals(12, exact.scores().rows);
  }

  @Test
  void sameSeedSameResult() {
    Matrix x = random(80, 30, 4, 0.3);
    Pca a = Pca.fit(DenseMatrix.of(x), 3, Pca.Solver.RANDOMIZED, 11);
    Pca b = Pca.fit(DenseMatrix.of(x), 3, Pca.Solver.RANDOMIZED, 11);
    assertEquals(a.scores(), b.scores());
  }

  @Test
  void badArguments() {
    DenseMatrix x = DenseMatrix.of(random(5, 3, 0, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pca.fit(x, 4, Pca.Solver.AUTO, 0));
    assertEquals("number of components 4 must be in [1, min(n_obs, n_vars)] = [1, 3]", e.getMessage());
    Matrix nan = random(5, 3, 0, 1);
    nan.set(2, 1, Float.POSITIVE_INFINITY);
    e = assertThrows(IllegalArgumentException.class, () -> Pca.fit(DenseMatrix.of(nan), 2, Pca.Solver.AUTO, 0));
    assertEquals("X has a non-finite value (Infinity) at row 2, column 1", e.getMessage());
    Pca p = Pca.fit(x, 2, Pca.Solver.EXACT, 0);
    e = assertThrows(IllegalArgumentException.class, () -> p.inverseTransform(new Matrix(1, 3)));
    assertEquals("expected scores with 2 columns, got 3", e.getMessage());
  }

  @Test
  void standardScalerRoundTrips() {
    Matrix x = random(20, 4, 9, 1);
    StandardScaler s = StandardScaler.fit(x);
    Matrix z = s.transform(x);
    Matrix back = s.inverseTransform(z);
    for (int i = 0; i < x.data.length; i++) {
      assertEquals(x.data[i], back.data[i], 1e-4);
    }
    double mean = 0;
    for (int i = 0; i < 20; i++) {
      mean += z.get(i, 2);
    }
    assertEquals(0, mean / 20, 1e-6);
  }
}
