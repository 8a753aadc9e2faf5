package org.flowmatch4j.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AssignmentTest {

  /** Minimum of sum_i c[i, p(i)] over all permutations p (Heap's algorithm). */
  static double bruteForce(double[] c, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    double best = Double.POSITIVE_INFINITY;
    int[] idx = new int[n];
    best = Math.min(best, value(c, n, p));
    int i = 0;
    while (i < n) {
      if (idx[i] < i) {
        int s = i % 2 == 0 ? 0 : idx[i];
        int t = p[s];
        p[s] = p[i];
        p[i] = t;
        best = Math.min(best, value(c, n, p));
        idx[i]++;
        i = 0;
      } else {
        idx[i] = 0;
        i++;
      }
    }
    return best;
  }

  private static double value(double[] c, int n, int[] p) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += c[i * n + p[i]];
    }
    return s;
  }

  static void assertPermutation(int[] p, int n) {
    boolean[] seen = new boolean[n];
    for (int i = 0; i < n; i++) {
      assertTrue(p[i] >= 0 && p[i] < n && !seen[p[i]], "not a permutation: " + Arrays.toString(p));
      seen[p[i]] = true;
    }
  }

  /** u_i + v_j <= C_ij everywhere, with equality on the assignment: a certificate of optimality. */
  static void assertDualCertificate(Assignment as, double[] c, int n, int[] p) {
    double[] u = as.rowPotentials();
    double[] v = as.columnPotentials();
    double scale = 0;
    for (int k = 0; k < n * n; k++) {
      scale = Math.max(scale, Math.abs(c[k]));
    }
    double tol = 1e-12 * Math.max(1, scale);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        assertTrue(u[i] + v[j] <= c[i * n + j] + tol, "dual infeasible at " + i + "," + j);
      }
      assertEquals(c[i * n + p[i]], u[i] + v[p[i]], tol, "slack on the assignment at row " + i);
    }
  }

  @Test
  void equalsBruteForceOverAllPermutationsUpToSeven() {
    SplittableRandom rng = new SplittableRandom(1);
    Assignment as = new Assignment();
    for (int t = 0; t < 1500; t++) {
      int n = 1 + t % 7;
      double[] c = new double[n * n];
      for (int k = 0; k < c.length; k++) {
        // every third problem has small integer costs: many ties and degenerate optima
        c[k] = t % 3 == 0 ? rng.nextInt(4) : rng.nextDouble() * 10 - 3;
      }
      int[] p = new int[n];
      double v = as.solve(c, n, p);
      assertPermutation(p, n);
      assertEquals(bruteForce(c, n), v, 1e-12, "problem " + t);
      assertEquals(value(c, n, p), v, 1e-12);
      assertDualCertificate(as, c, n, p);
    }
  }

  @Test
  void shiftedCopyIsMatchedToItself() {
    SplittableRandom rng = new SplittableRandom(2);
    int n = 40;
    Matrix x = new Matrix(n, 3);
    Matrix y = new Matrix(n, 3);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 3; k++) {
        float v = (float) rng.nextGaussian();
        x.set(i, k, v);
        y.set(i, k, v + (k == 0 ? 5f : -2f));
      }
    }
    int[] p = new int[n];
    new Assignment().solve(x, y, GroundCost.SQ_EUCLIDEAN, p);
    for (int i = 0; i < n; i++) {
      assertEquals(i, p[i]);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 16, 64, 256})
  void minibatchOfNoiseAgainstDataMatchesTheNetworkSimplex(int n) {
    SplittableRandom rng = new SplittableRandom(n);
    Assignment as = new Assignment(256);
    for (int rep = 0; rep < 3; rep++) {
      Matrix x0 = new Matrix(n, 5);
      Matrix x1 = new Matrix(n, 5);
      for (int k = 0; k < x0.data.length; k++) {
        x0.data[k] = (float) rng.nextGaussian();
        x1.data[k] = (float) (0.5 * rng.nextGaussian() + 2);
      }
      int[] p = new int[n];
      double v = as.solve(x0, x1, GroundCost.SQ_EUCLIDEAN, p);
      assertPermutation(p, n);
      double[] w = new double[n];
      Arrays.fill(w, 1.0 / n);
      double[] c =
          GroundCost.SQ_EUCLIDEAN.pairwise(
              Points.toDouble(x0, "x0"), n, Points.toDouble(x1, "x1"), n, 5);
      double ns = new NetworkSimplex().solve(w, w, c).cost();
      assertEquals(ns * n, v, 1e-9 * Math.abs(v));
      assertDualCertificate(as, c, n, p);
    }
  }

  @Test
  void reusedSolverGivesTheSameAnswerAsAFreshOne() {
    SplittableRandom rng = new SplittableRandom(3);
    Assignment reused = new Assignment();
    for (int n : new int[] {30, 5, 30, 12}) {
      double[] c = new double[n * n];
      for (int k = 0; k < c.length; k++) {
        c[k] = rng.nextDouble();
      }
      int[] p1 = new int[n];
      int[] p2 = new int[n];
      assertEquals(new Assignment().solve(c, n, p1), reused.solve(c, n, p2), 0.0);
      assertArrayEquals(p1, p2);
    }
  }

  @Test
  void constantCostsGiveAnyPermutationAtTheRightValue() {
    double[] c = new double[36];
    Arrays.fill(c, 2.5);
    int[] p = new int[6];
    assertEquals(15.0, new Assignment().solve(c, 6, p), 0);
    assertPermutation(p, 6);
  }

  @Test
  void rejectsBadInputWithClearMessages() {
    Assignment as = new Assignment();
    double[] c = {1, 2, Double.NaN, 4};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> as.solve(c, 2, new int[2]));
    assertTrue(e.getMessage().contains("(1, 0) is NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> as.solve(new double[3], 2, new int[2]));
    assertTrue(e.getMessage().contains("cannot hold a 2x2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> as.solve(new double[4], 2, new int[1]));
    assertTrue(e.getMessage().contains("rowToCol"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> as.solve(new Matrix(3, 2), new Matrix(4, 2), GroundCost.EUCLIDEAN, new int[3]));
    assertTrue(e.getMessage().contains("3x2 and 4x2"), e.getMessage());
  }

  /** Network simplex cost times n: the reference for sizes beyond brute force. */
  private static double simplexTotal(double[] c, int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1.0 / n);
    return new NetworkSimplex().solve(w, w, c).cost() * n;
  }

  @ParameterizedTest
  @ValueSource(ints = {9, 13, 31, 64, 100, 257})
  void integerCostsWithManyTiesMatchTheNetworkSimplex(int n) {
    SplittableRandom rng = new SplittableRandom(40 + n);
    Assignment as = new Assignment();
    for (int rep = 0; rep < 4; rep++) {
      double[] c = new double[n * n];
      int levels = rep % 2 == 0 ? 3 : 50;
      for (int k = 0; k < c.length; k++) {
        c[k] = rng.nextInt(levels);
      }
      int[] p = new int[n];
      double v = as.solve(c, n, p);
      assertPermutation(p, n);
      assertEquals(simplexTotal(c, n), v, 1e-9 * Math.max(1, v), "n " + n + " rep " + rep);
      assertEquals(value(c, n, p), v, 1e-12 * Math.max(1, v));
      assertDualCertificate(as, c, n, p);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {7, 33, 130, 256, 300})
  void duplicatedPointsOnBothSidesMatchTheNetworkSimplex(int n) {
    SplittableRandom rng = new SplittableRandom(70 + n);
    Assignment as = new Assignment();
    for (int d : new int[] {1, 2, 5, 50}) {
      // a few distinct points, each repeated: ties everywhere, many optimal permutations
      int distinct = 1 + n / 6;
      Matrix pool = new Matrix(2 * distinct, d);
      for (int k = 0; k < pool.data.length; k++) {
        pool.data[k] = (float) rng.nextGaussian();
      }
      Matrix x = new Matrix(n, d);
      Matrix y = new Matrix(n, d);
      for (int i = 0; i < n; i++) {
        System.arraycopy(pool.data, rng.nextInt(distinct) * d, x.data, i * d, d);
        System.arraycopy(pool.data, (distinct + rng.nextInt(distinct)) * d, y.data, i * d, d);
      }
      if (d == 2) {
        System.arraycopy(x.data, 0, y.data, 0, x.data.length / 2); // half the targets are sources
      }
      int[] p = new int[n];
      double v = as.solve(x, y, GroundCost.SQ_EUCLIDEAN, p);
      assertPermutation(p, n);
      double[] c =
          GroundCost.SQ_EUCLIDEAN.pairwise(
              Points.toDouble(x, "x"), n, Points.toDouble(y, "y"), n, d);
      assertEquals(simplexTotal(c, n), v, 1e-9 * Math.max(1, v), "n " + n + " d " + d);
      assertEquals(value(c, n, p), v, 1e-12 * Math.max(1, v));
      assertDualCertificate(as, c, n, p);
    }
  }

  @Test
  void euclideanCostOfPointsEqualsTheDenseMatrixSolve() {
    SplittableRandom rng = new SplittableRandom(9);
    int n = 45;
    Matrix x = new Matrix(n, 3);
    Matrix y = new Matrix(n, 3);
    for (int k = 0; k < x.data.length; k++) {
      x.data[k] = (float) rng.nextGaussian();
      y.data[k] = (float) (rng.nextGaussian() + 1);
    }
    double[] c =
        GroundCost.EUCLIDEAN.pairwise(Points.toDouble(x, "x"), n, Points.toDouble(y, "y"), n, 3);
    int[] p = new int[n];
    int[] q = new int[n];
    Assignment as = new Assignment();
    double fromPoints = as.solve(x, y, GroundCost.EUCLIDEAN, p);
    assertDualCertificate(as, c, n, p);
    assertEquals(as.solve(c, n, q), fromPoints, 1e-12 * fromPoints);
    assertEquals(simplexTotal(c, n), fromPoints, 1e-9 * fromPoints);
  }

  @Test
  void rejectsNonFinitePoints() {
    Matrix x = new Matrix(3, 2);
    Matrix y = new Matrix(3, 2);
    y.set(2, 1, Float.NaN);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Assignment().solve(x, y, GroundCost.SQ_EUCLIDEAN, new int[3]));
    assertTrue(e.getMessage().contains("y: entry (2, 1) is NaN"), e.getMessage());
  }
}
