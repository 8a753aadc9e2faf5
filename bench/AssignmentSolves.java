import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.source.EmpiricalSource;
import org.flowmatch4j.fm.source.GaussianSource;
import org.flowmatch4j.tasks.trajectory.BifurcationProcess;
import org.flowmatch4j.tasks.trajectory.TimeCourse;
import org.flowmatch4j.tasks.trajectory.TrajectoryDemo;
import org.flowmatch4j.tensor.Matrix;

/**
 * CPU time per exact 256 x 256 minibatch assignment ({@code Assignment.solve} on two point
 * clouds, squared Euclidean cost, the call OT-CFM makes each step) on the inputs of {@code fm4j
 * trajectory --demo}: its simulated cells (seed 42), minibatches of 256 drawn with replacement
 * from consecutive time points ("cells"), and standard Gaussian noise against the cells of the
 * next time point ("noise"). Times are thread CPU times (ThreadMXBean), which a loaded machine
 * disturbs less than wall-clock time; the median over ROUNDS rounds of SOLVES solves is printed.
 *
 * <p>With a second jar (an older build), its solver is loaded in its own class loader and timed
 * in alternating rounds in the same process on the same inputs; the ratio new / old is printed,
 * and every solve's permutation is compared: the run exits 1 when any differs.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp fm4j-cli/target/fm4j.jar \
 *       bench/AssignmentSolves.java [SOLVES] [ROUNDS] [OLD_JAR]
 * </pre>
 */
public final class AssignmentSolves {
  private AssignmentSolves() {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int N = 256;

  /** One solver build: a fresh Assignment of that build and its solve(x, y, cost, perm). */
  private record Solver(String name, Object instance, MethodHandle solve, MethodHandle matrix, Object sqEuclidean) {
    static Solver load(String name, ClassLoader loader) throws ReflectiveOperationException {
      Class<?> assignment = Class.forName("org.flowmatch4j.ot.Assignment", true, loader);
      Class<?> matrix = Class.forName("org.flowmatch4j.tensor.Matrix", true, loader);
      Class<?> ground = Class.forName("org.flowmatch4j.ot.GroundCost", true, loader);
      MethodHandles.Lookup l = MethodHandles.publicLookup();
      return new Solver(name, assignment.getConstructor().newInstance(),
          l.findVirtual(assignment, "solve", MethodType.methodType(double.class, matrix, matrix, ground, int[].class)),
          l.findConstructor(matrix, MethodType.methodType(void.class, int.class, int.class, float[].class)),
          ground.getField("SQ_EUCLIDEAN").get(null));
    }

    /** Solves every problem (x[k], y[k]); returns the thread CPU nanoseconds, fills perms[k]. */
    long run(float[][] x, float[][] y, int[][] perms) throws Throwable {
      Object[] xm = new Object[x.length];
      Object[] ym = new Object[x.length];
      for (int k = 0; k < x.length; k++) {
        xm[k] = matrix.invoke(N, x[k].length / N, x[k]);
        ym[k] = matrix.invoke(N, y[k].length / N, y[k]);
      }
      long c0 = THREADS.getCurrentThreadCpuTime();
      for (int k = 0; k < x.length; k++) {
        double unused = (double) solve.invoke(instance, xm[k], ym[k], sqEuclidean, perms[k]);
      }
      return THREADS.getCurrentThreadCpuTime() - c0;
    }
  }

  public static void main(String[] args) throws Throwable {
    int solves = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Solver current = Solver.load("this build", AssignmentSolves.class.getClassLoader());
    Solver old = args.length > 2
        ? Solver.load(args[2], new URLClassLoader(new URL[] {Path.of(args[2]).toUri().toURL()},
            ClassLoader.getPlatformClassLoader()))
        : null;
    TimeCourse tc = TrajectoryDemo.simulate(BifurcationProcess.demo(), 42);
    int d = tc.snapshot(0).cols;
    boolean differs = false;
    System.out.printf(Locale.ROOT, "load average %s; %d solves of %d x %d per round, %d rounds%n",
        loadAverage(), solves, N, N, rounds);
    for (String kind : new String[] {"cells", "noise"}) {
      SplittableRandom rng = new SplittableRandom(kind.equals("cells") ? 1 : 2);
      float[][] x = new float[solves][];
      float[][] y = new float[solves][];
      for (int k = 0; k < solves; k++) {
        int t = k % (tc.size() - 1);
        Matrix a = new Matrix(N, d);
        Matrix b = new Matrix(N, d);
        if (kind.equals("cells")) {
          new EmpiricalSource(tc.snapshot(t)).sample(rng, a);
        } else {
          new GaussianSource(d).sample(rng, a);
        }
        new EmpiricalSource(tc.snapshot(t + 1)).sample(rng, b);
        x[k] = a.data;
        y[k] = b.data;
      }
      int[][] permNew = new int[solves][N];
      int[][] permOld = new int[solves][N];
      double[] usNew = new double[rounds];
      double[] usOld = new double[rounds];
      current.run(x, y, permNew); // warm-up
      if (old != null) {
        old.run(x, y, permOld);
      }
      for (int r = 0; r < rounds; r++) {
        usNew[r] = current.run(x, y, permNew) / 1e3 / solves;
        if (old != null) {
          usOld[r] = old.run(x, y, permOld) / 1e3 / solves;
        }
      }
      double mNew = median(usNew);
      if (old == null) {
        System.out.printf(Locale.ROOT, "%-6s this build %8.1f us CPU per solve%n", kind, mNew);
        continue;
      }
      int mismatches = 0;
      for (int k = 0; k < solves; k++) {
        if (!Arrays.equals(permNew[k], permOld[k])) {
          mismatches++;
        }
      }
      differs |= mismatches > 0;
      double mOld = median(usOld);
      System.out.printf(Locale.ROOT,
          "%-6s this build %8.1f us, old %8.1f us CPU per solve, ratio %.3f; permutations differing: %d of %d%n",
          kind, mNew, mOld, mNew / mOld, mismatches, solves);
    }
    System.out.printf(Locale.ROOT, "load average %s%n", loadAverage());
    if (differs) {
      System.exit(1);
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  private static String loadAverage() {
    return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
