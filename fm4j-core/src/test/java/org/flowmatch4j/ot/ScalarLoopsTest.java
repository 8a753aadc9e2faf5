package org.flowmatch4j.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.coupling.ExactOtCoupling;
import org.flowmatch4j.fm.coupling.PlanUse;
import org.flowmatch4j.metrics.Mmd;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * The solvers' scalar loops (a JVM without {@code jdk.incubator.vector}) against their vector
 * loops (this JVM, started with the module): the same assignment and the same exact-OT cost bit
 * for bit (the pricing and relaxation arithmetic is the same), the Sinkhorn cost and MMD up to
 * the order of the sums. Sizes are odd so that the scalar tails of the vector loops run too; one
 * assignment has ties everywhere, so that both forms must break them the same way.
 */
class ScalarLoopsTest {

  /** Computes every quantity compared, one per line; run in the child JVM. */
  public static final class Child {
    public static void main(String[] args) {
      for (String line : results()) {
        System.out.println(line);
      }
    }
  }

  private static Matrix cloud(SplittableRandom rng, int n, int d, double shift) {
    Matrix m = new Matrix(n, d);
    for (int k = 0; k < m.data.length; k++) {
      m.data[k] = (float) (rng.nextGaussian() + shift);
    }
    return m;
  }

  /**
   * n points on a 6 x 6 integer grid, each drawn with replacement: equal rows and columns and equal
   * costs everywhere, so every minimum the loops take has ties (which go to the lowest column).
   */
  private static Matrix duplicated(SplittableRandom rng, int n) {
    Matrix m = new Matrix(n, 2);
    for (int k = 0; k < m.data.length; k++) {
      m.data[k] = rng.nextInt(6);
    }
    return m;
  }

  static List<String> results() {
    SplittableRandom rng = new SplittableRandom(7);
    Matrix x = cloud(rng, 301, 3, 0);
    Matrix y = cloud(rng, 301, 3, 1);
    List<String> out = new ArrayList<>();
    out.add("vector " + Kernels.vectorAvailable());
    int[] p = new int[301];
    out.add("assignment " + new Assignment().solve(x, y, GroundCost.SQ_EUCLIDEAN, p) + " " + java.util.Arrays.toString(p));
    SplittableRandom grid = new SplittableRandom(11);
    Matrix xd = duplicated(grid, 203);
    Matrix yd = duplicated(grid, 203);
    int[] pd = new int[203];
    out.add("assignment-ties " + new Assignment().solve(xd, yd, GroundCost.SQ_EUCLIDEAN, pd) + " " + java.util.Arrays.toString(pd));
    int[] i0 = new int[64];
    int[] i1 = new int[64];
    new ExactOtCoupling(PlanUse.RESAMPLE)
        .pair(x.rows(range(64)), y.rows(range(64)), new SplittableRandom(3), i0, i1);
    out.add("coupling " + java.util.Arrays.toString(i0) + java.util.Arrays.toString(i1));
    Matrix a = cloud(rng, 37, 5, 0);
    Matrix b = cloud(rng, 53, 5, 2);
    out.add("emd-sq " + Emd.cost(a, null, b, null, GroundCost.SQ_EUCLIDEAN));
    out.add("emd-euclidean " + Emd.cost(a, null, b, null, GroundCost.EUCLIDEAN));
    SinkhornResult s = new Sinkhorn().solve(a, null, b, null, GroundCost.SQ_EUCLIDEAN, SinkhornConfig.balanced(0.5));
    out.add("sinkhorn " + s.transportCost());
    out.add("mmd " + Mmd.cellflow(a, b));
    return out;
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int k = 0; k < n; k++) {
      r[k] = k;
    }
    return r;
  }

  @Test
  void scalarLoopsGiveTheVectorLoopsAnswers() throws Exception {
    assumeTrue(Kernels.vectorAvailable(), "skipped: compares this JVM's vector loops with a child's scalar ones");
    List<String> vector = results();
    List<String> scalar = ChildJvm.run(Child.class, List.of(Kernels.class)).lines().toList();
    assertEquals(vector.size(), scalar.size(), String.join("\n", scalar));
    assertEquals("vector false", scalar.get(0));
    for (int k = 1; k < vector.size(); k++) {
      String[] v = vector.get(k).split(" ", 2);
      String[] s = scalar.get(k).split(" ", 2);
      assertEquals(v[0], s[0]);
      if (v[0].equals("sinkhorn") || v[0].equals("mmd")) {
        double dv = Double.parseDouble(v[1]);
        assertEquals(dv, Double.parseDouble(s[1]), 1e-12 * Math.abs(dv), v[0]);
        assertFalse(Double.isNaN(dv));
      } else {
        assertEquals(vector.get(k), scalar.get(k), v[0] + " differs between the vector and the scalar loops");
      }
    }
  }
}
