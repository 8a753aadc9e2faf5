package org.flowmatch4j.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.tensor.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Work split into bands of rows ({@link RowBands}) gives the same bits on one thread and on
 * two: the cost matrix, and Sinkhorn's kernel, scale and plan on a problem large enough to be
 * split (530 x 517: neither side a multiple of the band, of four rows or of the vector length).
 */
class RowBandsTest {
  private static final int N = 530;
  private static final int M = 517;
  private final int threadsBefore = Parallel.threads();

  @AfterEach
  void restore() {
    Parallel.setThreads(threadsBefore);
  }

  private static Matrix cloud(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Matrix x = new Matrix(n, 3);
    for (int k = 0; k < x.data.length; k++) {
      x.data[k] = (float) rng.nextGaussian();
    }
    return x;
  }

  private static double[] doubles(Matrix x) {
    double[] d = new double[x.data.length];
    for (int k = 0; k < d.length; k++) {
      d[k] = x.data[k];
    }
    return d;
  }

  @Test
  void problemIsSplit() {
    assertTrue(RowBands.count(N, M) > 2);
    assertEquals(1, RowBands.count(256, 256));
  }

  @ParameterizedTest
  @EnumSource(GroundCost.class)
  void costMatrixEntriesAreThoseOfBetween(GroundCost ground) {
    Parallel.setThreads(2);
    double[] x = doubles(cloud(N, 1));
    double[] y = doubles(cloud(M, 2));
    double[] c = ground.pairwise(x, N, y, M, 3);
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < M; j++) {
        assertEquals(Double.doubleToRawLongBits(ground.between(x, i, y, j, 3)),
            Double.doubleToRawLongBits(c[i * M + j]), "entry " + i + ", " + j);
      }
    }
  }

  private static SinkhornResult solve(int threads, SinkhornMode mode, boolean zeros) {
    Parallel.setThreads(threads);
    double[] a = new double[N];
    double[] b = new double[M];
    for (int i = 0; i < N; i++) {
      a[i] = zeros && i % 7 == 3 ? 0 : 1 + i % 5;
    }
    for (int j = 0; j < M; j++) {
      b[j] = zeros && j % 11 == 2 ? 0 : 1 + j % 3;
    }
    double sa = java.util.Arrays.stream(a).sum();
    double sb = java.util.Arrays.stream(b).sum();
    for (int j = 0; j < M; j++) {
      b[j] *= sa / sb;
    }
    SinkhornConfig cfg = SinkhornConfig.balanced(0.2).withScaling(CostScaling.MAX)
        .withStopping(1e-6, 3).withStrict(false).withMode(mode);
    return new Sinkhorn().solve(cloud(N, 3), a, cloud(M, 4), b, GroundCost.SQ_EUCLIDEAN, cfg);
  }

  @ParameterizedTest
  @EnumSource(SinkhornMode.class)
  void sinkhornDoesNotDependOnTheThreadCount(SinkhornMode mode) {
    for (boolean zeros : new boolean[] {false, true}) {
      SinkhornResult one = solve(1, mode, zeros);
      double[] plan = one.plan().clone();
      double[] f = one.f().clone();
      double[] g = one.g().clone();
      double cost = one.transportCost();
      SinkhornResult two = solve(2, mode, zeros);
      assertEquals(one.iterations(), two.iterations());
      assertArrayEquals(plan, two.plan(), mode + " zeros " + zeros);
      assertArrayEquals(f, two.f());
      assertArrayEquals(g, two.g());
      assertEquals(Double.doubleToRawLongBits(cost), Double.doubleToRawLongBits(two.transportCost()));
      // the bands' row sums are those of the plan written: <P, C> recomputed from it
      double[] c = GroundCost.SQ_EUCLIDEAN.pairwise(doubles(cloud(N, 3)), N, doubles(cloud(M, 4)), M, 3);
      double pc = 0;
      for (int k = 0; k < plan.length; k++) {
        pc += plan[k] * c[k];
      }
      assertEquals(pc, cost, 1e-12 * pc, mode + " zeros " + zeros);
    }
  }
}
