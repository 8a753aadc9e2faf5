package org.flowmatch4j.ot;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.metrics.Mmd;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * The same Sinkhorn solves (kernel and log-domain form) and the same MMD evaluated many times in
 * one fresh JVM give the same bits every time: the first calls run interpreted, the later ones
 * compiled by C1 and then C2, so any arithmetic whose last bit depends on the compiler (such as
 * {@code lanewise(EXP)}) shows up as a difference between calls.
 */
class JitIndependenceTest {
  private static final int CALLS = 240;

  /** Repeats the computations; prints "same" or the first call whose bits differ. */
  public static final class Child {
    public static void main(String[] args) {
      List<long[]> first = results();
      for (int call = 1; call < CALLS; call++) {
        List<long[]> again = results();
        for (int q = 0; q < first.size(); q++) {
          if (!Arrays.equals(first.get(q), again.get(q))) {
            System.out.println("quantity " + q + " differs at call " + call);
            return;
          }
        }
      }
      System.out.println("same " + Kernels.vectorAvailable());
    }
  }

  private static Matrix cloud(SplittableRandom rng, int n, int d, double shift) {
    Matrix m = new Matrix(n, d);
    for (int k = 0; k < m.data.length; k++) {
      m.data[k] = (float) (rng.nextGaussian() + shift);
    }
    return m;
  }

  /** The plans, potentials and MMD values, as raw bits. */
  static List<long[]> results() {
    SplittableRandom rng = new SplittableRandom(11);
    Matrix x = cloud(rng, 23, 3, 0);
    Matrix y = cloud(rng, 37, 3, 1);
    List<long[]> out = new ArrayList<>();
    for (SinkhornMode mode : SinkhornMode.values()) {
      SinkhornResult r = new Sinkhorn().solve(
          x, null, y, null, GroundCost.SQ_EUCLIDEAN, SinkhornConfig.balanced(0.05).withMode(mode));
      out.add(bits(r.plan()));
      out.add(bits(r.f()));
      out.add(bits(r.g()));
    }
    out.add(bits(Mmd.meanKernels(x, y, Mmd.CELLFLOW_GAMMAS)));
    return out;
  }

  private static long[] bits(double[] v) {
    long[] b = new long[v.length];
    for (int k = 0; k < v.length; k++) {
      b[k] = Double.doubleToRawLongBits(v[k]);
    }
    return b;
  }

  @Test
  void repeatedSolvesGiveTheSameBitsBeforeAndAfterCompilation() throws Exception {
    assumeTrue(Kernels.vectorAvailable(), "skipped: the vector loops are what the compilers treat differently");
    String out = ChildJvm.run(Child.class, List.of(Kernels.class), "--add-modules", "jdk.incubator.vector");
    assertTrue(out.contains("same true"), out);
  }
}
