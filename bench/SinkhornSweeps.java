import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;
import org.flowmatch4j.data.Npy;
import org.flowmatch4j.ot.CostScaling;
import org.flowmatch4j.ot.GroundCost;
import org.flowmatch4j.ot.Sinkhorn;
import org.flowmatch4j.ot.SinkhornConfig;
import org.flowmatch4j.ot.SinkhornMode;
import org.flowmatch4j.ot.SinkhornStopping;
import org.flowmatch4j.tensor.Matrix;

/**
 * Where the kernel-form Sinkhorn time goes on the 2,000 x 2,000 clouds of bench/ot.sh (squared
 * Euclidean cost divided by its max, tolerance 1e-9): the CPU time of the solving threads (this
 * one and the pool's workers; less disturbed by a loaded machine than wall-clock time) of a solve
 * stopped after one iteration (cost matrix, kernel, one iteration, plan) and of the converged
 * solve, each the minimum over REPEAT runs
 * after one warm-up, and the time per further iteration, (converged - one) / (iterations - 1).
 * Run it against two jars to compare builds:
 *
 * <pre>
 *   /usr/bin/python3 bench/ot_pot.py generate DIR
 *   java --add-modules jdk.incubator.vector -cp fm4j-cli/target/fm4j.jar \
 *       bench/SinkhornSweeps.java DIR [REPEAT] [pot]
 * </pre>
 *
 * With {@code pot} the solves stop by POT's rule ({@link SinkhornStopping#POT}, as in bench/ot.sh:
 * 11 and 51 iterations) instead of ott-jax's (10 and 60).
 */
public final class SinkhornSweeps {
  private SinkhornSweeps() {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** CPU nanoseconds of this thread and of the pool's workers (fm4j-worker-N), which share the work on large matrices. */
  private static long solvingCpu() {
    long t = THREADS.getCurrentThreadCpuTime();
    for (java.lang.management.ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("fm4j-worker-")) {
        t += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
      }
    }
    return t;
  }

  private static double minCpuMs(Runnable r, int repeat) {
    r.run();
    long best = Long.MAX_VALUE;
    for (int k = 0; k < repeat; k++) {
      long c0 = solvingCpu();
      r.run();
      best = Math.min(best, solvingCpu() - c0);
    }
    return best / 1e6;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    SinkhornStopping rule = args.length > 2 && args[2].equals("pot") ? SinkhornStopping.POT : SinkhornStopping.OTT_JAX;
    Matrix x = Npy.readMatrix(dir.resolve("w1_2000_x.npy"));
    Matrix y = Npy.readMatrix(dir.resolve("w1_2000_y.npy"));
    for (double eps : new double[] {0.1, 0.01}) {
      Sinkhorn solver = new Sinkhorn();
      SinkhornConfig full = SinkhornConfig.balanced(eps).withScaling(CostScaling.MAX)
          .withStopping(1e-9, 100_000).withMode(SinkhornMode.STABILIZED_KERNEL).withStoppingRule(rule);
      SinkhornConfig one = full.withStopping(1e-9, 1).withStrict(false);
      int iterations = solver.solve(x, null, y, null, GroundCost.SQ_EUCLIDEAN, full).iterations();
      double oneMs = minCpuMs(
          () -> solver.solve(x, null, y, null, GroundCost.SQ_EUCLIDEAN, one), repeat);
      double fullMs = minCpuMs(
          () -> solver.solve(x, null, y, null, GroundCost.SQ_EUCLIDEAN, full), repeat);
      System.out.printf(Locale.ROOT,
          "eps %-5s one iteration %7.1f ms   converged (%d iterations) %7.1f ms   per iteration"
              + " %6.2f ms%n",
          eps, oneMs, iterations, fullMs, (fullMs - oneMs) / (iterations - 1));
    }
  }
}
