package org.flowmatch4j.fm.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class MetricTest {
  private static Matrix gaussian(SplittableRandom rng, int r, int c, double scale) {
    Matrix m = new Matrix(r, c);
    for (int k = 0; k < m.data.length; k++) {
      m.data[k] = (float) (scale * rng.nextGaussian());
    }
    return m;
  }

  /** LAND by its formula in double, summing over every support cell. */
  private static double[] landByFormula(Matrix y, double[] x, double sigma, double rho, double alpha) {
    int d = y.cols;
    double[] h = new double[d];
    for (int i = 0; i < y.rows; i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        double e = y.data[i * d + j] - x[j];
        s += e * e;
      }
      double w = Math.exp(-s / (2 * sigma * sigma));
      for (int j = 0; j < d; j++) {
        double e = y.data[i * d + j] - x[j];
        h[j] += w * e * e;
      }
    }
    double[] g = new double[d];
    for (int j = 0; j < d; j++) {
      g[j] = Math.pow(h[j] + rho, -alpha);
    }
    return g;
  }

  @Test
  void landEqualsItsFormulaWhenEveryCellIsANeighbour() {
    SplittableRandom rng = new SplittableRandom(1);
    Matrix y = gaussian(rng, 30, 3, 1);
    Matrix x = gaussian(rng, 5, 3, 1);
    for (double alpha : new double[] {0, 1, 2, 0.5}) {
      LandMetric g = new LandMetric(y, 0.7, 0.05, alpha, 30);
      Matrix out = g.evaluate(x);
      for (int i = 0; i < x.rows; i++) {
        double[] want = landByFormula(y, x.rowAsDouble(i), 0.7, 0.05, alpha);
        for (int j = 0; j < 3; j++) {
          assertEquals(want[j], out.get(i, j), 1e-5 * want[j], "alpha " + alpha);
        }
      }
    }
  }

  @Test
  void landIsLargestFarFromTheData() {
    SplittableRandom rng = new SplittableRandom(2);
    Matrix y = gaussian(rng, 200, 2, 1);
    LandMetric g = LandMetric.fit(y, Double.NaN, Double.NaN, 1, 64, 1);
    Matrix x = Matrix.of(new double[][] {{0, 0}, {8, 8}});
    Matrix out = g.evaluate(x);
    assertEquals(1 / g.rho(), out.get(1, 0), 1e-3 / g.rho());
    assertTrue(out.get(0, 0) < 0.2 * out.get(1, 0), "dense centre " + out.get(0, 0) + " vs far " + out.get(1, 0));
  }

  /** Squared distances by the brute force: the float difference, its square and the sum in double. */
  private static double[] squaredDistances(Matrix y, float[] p) {
    double[] all = new double[y.rows];
    for (int r = 0; r < y.rows; r++) {
      double s = 0;
      for (int j = 0; j < y.cols; j++) {
        double e = y.data[r * y.cols + j] - p[j];
        s += e * e;
      }
      all[r] = s;
    }
    return all;
  }

  /** The k nearest rows by the brute force: all rows sorted by (distance, row), the first k, by row. */
  private static int[] nearestByBruteForce(double[] all, int k) {
    Integer[] rows = new Integer[all.length];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = r;
    }
    Arrays.sort(rows, (a, b) -> all[a] != all[b] ? Double.compare(all[a], all[b]) : Integer.compare(a, b));
    int[] first = new int[k];
    for (int m = 0; m < k; m++) {
      first[m] = rows[m];
    }
    Arrays.sort(first);
    return first;
  }

  /**
   * Points on a coarse grid (coordinates multiples of 0.25) with a tenth of them repeated, queried
   * at grid points and between them: many equal distances, at the k-th among them.
   */
  private static Matrix gridWithDuplicates(SplittableRandom rng, int n, int d) {
    Matrix y = new Matrix(n, d);
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < d; j++) {
        y.data[r * d + j] = (float) (0.25 * rng.nextInt(-6, 7));
      }
    }
    for (int c = 0; c < n / 10; c++) {
      System.arraycopy(y.data, rng.nextInt(n) * d, y.data, rng.nextInt(n) * d, d);
    }
    return y;
  }

  @Test
  void kdTreeReturnsExactlyTheBruteForceNeighboursTiesToTheLowerRows() {
    SplittableRandom rng = new SplittableRandom(3);
    // 301 and 400 rows: the full scan; 1500 rows with k = 1 and 7: the tree; d = 20: the scan again
    for (int n : new int[] {301, 400, 1500}) {
      for (int d : new int[] {1, 2, 5, 20}) {
        Matrix y = gridWithDuplicates(rng, n, d);
        KdTree tree = new KdTree(y);
        for (int trial = 0; trial < 8; trial++) {
          float[] p = new float[d];
          for (int j = 0; j < d; j++) {
            p[j] = trial % 2 == 0 ? (float) (0.25 * rng.nextInt(-6, 7)) : (float) (1.5 * rng.nextGaussian());
          }
          double[] all = squaredDistances(y, p);
          double[] sorted = all.clone();
          Arrays.sort(sorted);
          for (int k : new int[] {1, 7, 64, 187, n}) {
            KdTree.Query q = new KdTree.Query(k);
            tree.nearest(p, 0, k, q);
            String at = "n=" + n + " d=" + d + " k=" + k + " trial " + trial;
            assertArrayEquals(nearestByBruteForce(all, k), q.idx, at);
            for (int m = 0; m < k; m++) {
              assertEquals(all[q.idx[m]], q.d2[m], 0, at);
            }
            assertEquals(sorted[k - 1], q.kth, 0, at);
          }
        }
        if (n < KdTree.SCAN) {
          float[] nan = new float[d];
          nan[0] = Float.NaN;
          KdTree.Query q = new KdTree.Query(7);
          tree.nearest(nan, 0, 7, q);
          assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, q.idx, "a NaN point: the first rows stand in");
        }
      }
    }
  }

  @Test
  void landSumsItsBruteForceNeighboursInRowOrderToTheBit() {
    SplittableRandom rng = new SplittableRandom(4);
    int d = 5;
    int k = 16;
    double sigma = 0.5;
    double rho = 0.02;
    for (int n : new int[] {200, 1200}) {
      Matrix y = gridWithDuplicates(rng, n, d);
      Matrix x = gridWithDuplicates(rng, 40, d);
      LandMetric land = new LandMetric(y, sigma, rho, 1, k);
      Matrix g = land.evaluate(x);
      for (int i = 0; i < x.rows; i++) {
        float[] p = Arrays.copyOfRange(x.data, i * d, (i + 1) * d);
        double[] all = squaredDistances(y, p);
        double[] h = new double[d];
        for (int r : nearestByBruteForce(all, k)) {
          double w = Math.exp(-0.5 * all[r] * (1 / (sigma * sigma)));
          for (int j = 0; j < d; j++) {
            double e = y.data[r * d + j] - p[j];
            h[j] += w * e * e;
          }
        }
        for (int j = 0; j < d; j++) {
          assertEquals((float) (1 / (h[j] + rho)), g.get(i, j), 0, "n=" + n + " row " + i + " coordinate " + j);
        }
      }
    }
  }

  @Test
  void landDefaultBandwidthIsTheMedianDistanceToTheKthNeighbour() {
    Matrix line = new Matrix(50, 1);
    for (int i = 0; i < 50; i++) {
      line.data[i] = i;
    }
    // the 10th nearest of an interior point of 0, 1, ..., 49 is 5 away (two neighbours at each distance)
    assertEquals(5, LandMetric.defaultBandwidth(line, 10), 0);
    // the fitted default takes the 8th nearest (4 away), whatever the neighbours summed over
    LandMetric g = LandMetric.fit(line, Double.NaN, Double.NaN, 1, 10, 1);
    assertEquals(LandMetric.BANDWIDTH_NEIGHBOURS, 8);
    assertEquals(4, g.bandwidth(), 0);
    assertEquals(16.0 / 16, g.rho(), 1e-12);
  }

  /** Central differences of sum_ij gy_ij g_j(x_i) against the metric's vector-Jacobian product. */
  private static void assertVjp(DiagonalMetric g, Matrix x, double tol) {
    SplittableRandom rng = new SplittableRandom(9);
    Matrix gy = gaussian(rng, x.rows, x.cols, 1);
    Matrix gx = new Matrix(x.rows, x.cols);
    g.vjp(x, gy, 0, x.rows, gx);
    double h = 1e-3;
    for (int k = 0; k < x.data.length; k++) {
      float saved = x.data[k];
      x.data[k] = saved + (float) h;
      double up = dot(gy, g.evaluate(x));
      x.data[k] = saved - (float) h;
      double down = dot(gy, g.evaluate(x));
      x.data[k] = saved;
      double fd = (up - down) / (2 * h);
      assertEquals(fd, gx.data[k], tol * Math.max(1, Math.abs(fd)), g + " entry " + k);
    }
  }

  private static double dot(Matrix a, Matrix b) {
    double s = 0;
    for (int k = 0; k < a.data.length; k++) {
      s += (double) a.data[k] * b.data[k];
    }
    return s;
  }

  @Test
  void landGradientMatchesFiniteDifferences() {
    SplittableRandom rng = new SplittableRandom(4);
    Matrix y = gaussian(rng, 40, 3, 1);
    Matrix x = gaussian(rng, 6, 3, 0.7);
    assertVjp(new LandMetric(y, 0.8, 0.1, 1, 40), x, 2e-2);
    assertVjp(new LandMetric(y, 0.8, 0.1, 2, 40), x, 2e-2);
  }

  @Test
  void landVjpAfterApplyEqualsAFreshSearchAndIgnoresNeighboursOfOtherPoints() {
    SplittableRandom rng = new SplittableRandom(8);
    Matrix y = gaussian(rng, 300, 3, 1);
    Matrix x = gaussian(rng, 50, 3, 1);
    Matrix gy = gaussian(rng, 50, 3, 1);
    Matrix expected = new Matrix(50, 3);
    new LandMetric(y, 0.5, 0.01, 2, 8).vjp(x, gy, 0, 50, expected);
    LandMetric g = new LandMetric(y, 0.5, 0.01, 2, 8);
    g.evaluate(x);
    Matrix reused = new Matrix(50, 3);
    g.vjp(x, gy, 0, 50, reused);
    assertArrayEquals(expected.data, reused.data, "vjp with the neighbours of apply");
    // apply at other points, then vjp at x: every row must be searched again, not reuse those
    Matrix other = gaussian(rng, 50, 3, 1);
    g.evaluate(other);
    Matrix fresh = new Matrix(50, 3);
    g.vjp(x, gy, 0, 50, fresh);
    assertArrayEquals(expected.data, fresh.data, "vjp after apply elsewhere");
  }

  @Test
  void rbfFitsAboutOneOnTheDataAndIsLargeAwayFromIt() {
    SplittableRandom rng = new SplittableRandom(5);
    Matrix y = gaussian(rng, 400, 3, 1);
    RbfMetric g = RbfMetric.fit(y, 20, 1, 1e-3, 1, 7);
    double err = 0;
    double mean = 0;
    for (int i = 0; i < y.rows; i++) {
      err += Math.abs(1 - g.density(y, i)) / y.rows;
      mean += g.density(y, i) / y.rows;
    }
    assertTrue(err < 0.25, "mean |1 - h| on the cells " + err);
    assertEquals(1, mean, 0.1, "mean h on the cells");
    Matrix far = Matrix.of(new double[][] {{20, 20, 20}});
    assertEquals(1 / 1e-3, g.evaluate(far).get(0, 2), 1);
    Matrix x = gaussian(rng, 5, 3, 1);
    Matrix out = g.evaluate(x);
    for (int i = 0; i < 5; i++) {
      assertEquals(out.get(i, 0), out.get(i, 1), 0, "isotropic");
      assertEquals(1 / (g.density(x, i) + 1e-3), out.get(i, 0), 1e-5 * out.get(i, 0));
    }
  }

  @Test
  void rbfWeightsSatisfyTheOptimalityConditionsOfTheirBoundedLeastSquares() {
    SplittableRandom rng = new SplittableRandom(10);
    Matrix y = gaussian(rng, 300, 2, 1);
    KMeans km = KMeans.fit(y, 15, 2);
    double[] lambda = new double[15];
    Arrays.fill(lambda, 2.0);
    double[] w = RbfMetric.fitWeights(y, km.centres(), lambda);
    // gradient of mean_i (1 - sum_k w_k phi_ik)^2 / 2: zero where w_k > bound, >= 0 at the bound
    double[] grad = new double[15];
    for (int i = 0; i < y.rows; i++) {
      double[] phi = new double[15];
      double h = 0;
      for (int m = 0; m < 15; m++) {
        phi[m] = Math.exp(-0.5 * lambda[m] * KMeans.sqDist(y, i, km.centres(), m));
        h += w[m] * phi[m];
      }
      for (int m = 0; m < 15; m++) {
        grad[m] += (h - 1) * phi[m] / y.rows;
      }
    }
    for (int m = 0; m < 15; m++) {
      assertTrue(w[m] >= RbfMetric.MIN_WEIGHT);
      if (w[m] > 2 * RbfMetric.MIN_WEIGHT) {
        assertEquals(0, grad[m], 1e-4, "free weight " + m);
      } else {
        assertTrue(grad[m] > -1e-4, "bound weight " + m + " gradient " + grad[m]);
      }
    }
  }

  @Test
  void rbfGradientMatchesFiniteDifferences() {
    SplittableRandom rng = new SplittableRandom(6);
    Matrix y = gaussian(rng, 200, 2, 1);
    Matrix x = gaussian(rng, 6, 2, 1);
    assertVjp(RbfMetric.fit(y, 10, 1.5, 0.1, 1, 3), x, 2e-2);
    assertVjp(RbfMetric.fit(y, 10, 1.5, 0.1, 2, 3), x, 2e-2);
  }

  @Test
  void tapeRowMapBackPropagatesTheVjp() {
    SplittableRandom rng = new SplittableRandom(7);
    Matrix y = gaussian(rng, 40, 2, 1);
    Matrix x = gaussian(rng, 4, 2, 1);
    LandMetric g = new LandMetric(y, 0.8, 0.1, 1, 16);
    Tape tape = new Tape();
    Var xv = tape.variable(x);
    Var loss = tape.sum(tape.rowMap(g, xv));
    tape.backward(loss);
    Matrix ones = new Matrix(4, 2);
    Arrays.fill(ones.data, 1f);
    Matrix want = new Matrix(4, 2);
    g.vjp(x, ones, 0, 4, want);
    assertArrayEquals(want.data, xv.grad().data, 0);
    assertEquals(dot(ones, g.evaluate(x)), loss.item(), 1e-3 * Math.abs(loss.item()));
  }

  @Test
  void kMeansFindsSeparatedClusters() {
    SplittableRandom rng = new SplittableRandom(8);
    Matrix x = new Matrix(90, 2);
    double[][] c = {{0, 0}, {10, 0}, {0, 10}};
    for (int i = 0; i < 90; i++) {
      x.data[2 * i] = (float) (c[i % 3][0] + 0.1 * rng.nextGaussian());
      x.data[2 * i + 1] = (float) (c[i % 3][1] + 0.1 * rng.nextGaussian());
    }
    KMeans km = KMeans.fit(x, 3, 1);
    for (int i = 3; i < 90; i++) {
      assertEquals(km.labels()[i % 3], km.labels()[i], "row " + i);
    }
    for (int m = 0; m < 3; m++) {
      double[] centre = km.centres().rowAsDouble(km.labels()[m]);
      assertEquals(c[m][0], centre[0], 0.1);
      assertEquals(c[m][1], centre[1], 0.1);
    }
  }

  @Test
  void badParametersAreRejectedWithTheirName() {
    Matrix y = new Matrix(5, 2);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> RbfMetric.fit(y, 6, 1, 1e-3, 1, 1))
        .getMessage().startsWith("rbf-centres must be"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new MetricSpec(MetricKind.LAND, 0, 1, Double.NaN, 10, 1, 8)).getMessage().startsWith("metric-bandwidth must be"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new MetricSpec(MetricKind.LAND, Double.NaN, -1, Double.NaN, 10, 1, 8)).getMessage().startsWith("metric-alpha must be"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new MetricSpec(MetricKind.RBF, Double.NaN, 1, -2, 10, 1, 8)).getMessage().startsWith("metric-rho must be"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LandMetric.defaultBandwidth(new Matrix(3, 2), 2))
        .getMessage().contains("coincide"));
  }
}
