import java.util.SplittableRandom;
import org.flowmatch4j.FlowMatching;
import org.flowmatch4j.ot.Assignment;
import org.flowmatch4j.ot.Emd;
import org.flowmatch4j.ot.GroundCost;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;

/**
 * Three workloads timed in whatever JVM runs this (with or without jdk.incubator.vector): an
 * OT-CFM fit of 2-D clouds through the library front door (1000 steps, batch 256, MLP 64x3), an
 * exact 256 x 256 assignment (the OT-CFM minibatch coupling) and an exact W1 between two clouds
 * of 2000 points in 20 dimensions (network simplex). Prints "kernels NAME" and then seconds per
 * workload, best of 3 after one warm-up run. Usage: java VectorFlag.
 */
public final class VectorFlag {
  private VectorFlag() {}

  private static Matrix cloud(SplittableRandom r, int n, int d, double shift) {
    Matrix m = new Matrix(n, d);
    for (int k = 0; k < m.data.length; k++) {
      m.data[k] = (float) (r.nextGaussian() + shift);
    }
    return m;
  }

  private static double best(Runnable r) {
    r.run();
    long best = Long.MAX_VALUE;
    for (int k = 0; k < 3; k++) {
      long t0 = System.nanoTime();
      r.run();
      best = Math.min(best, System.nanoTime() - t0);
    }
    return best / 1e9;
  }

  public static void main(String[] args) {
    SplittableRandom r = new SplittableRandom(1);
    Matrix x0 = cloud(r, 1000, 2, 0);
    Matrix x1 = cloud(r, 1000, 2, 4);
    Matrix a = cloud(r, 256, 5, 0);
    Matrix b = cloud(r, 256, 5, 1);
    Matrix u = cloud(r, 2000, 20, 0);
    Matrix v = cloud(r, 2000, 20, 0.5);
    int[] p = new int[256];
    Assignment solver = new Assignment(256);
    System.out.println("kernels " + (Kernels.vectorAvailable() ? "vector" : "scalar"));
    System.out.printf("fit %.4f%n", best(() -> FlowMatching.builder().steps(1000).seed(1).fit(x0, x1)));
    System.out.printf("assignment %.6f%n", best(() -> {
      for (int k = 0; k < 20; k++) {
        solver.solve(a, b, GroundCost.SQ_EUCLIDEAN, p);
      }
    }) / 20);
    System.out.printf("w1 %.4f%n", best(() -> Emd.cost(u, null, v, null, GroundCost.EUCLIDEAN)));
  }
}
