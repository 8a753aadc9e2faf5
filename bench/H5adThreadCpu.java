import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.h5ad.ReadOptions;

/**
 * The wall time and the CPU time of the JVM's Java threads (the reading thread, the pool's
 * workers and the reference handler that unmaps old maps; counted in nanoseconds, where the
 * process CPU time of `fm4j bench h5ad` counts 10 ms ticks, and without the collector's and the
 * JIT's threads) of reading one .h5ad file REPEAT times after two warm-up reads: obs and var with X
 * ({@code x}), with obsm/X_pca ({@code obsm}) or with both ({@code all}, what bench/h5ad.sh reads).
 * Prints the median and least of each. Run it against two jars, alternating, to compare builds:
 *
 * <pre>
 *   /usr/bin/python3 bench/h5ad_bench.py generate DIR
 *   java --add-modules jdk.incubator.vector -cp JAR bench/H5adThreadCpu.java DIR/plain.h5ad 31 all
 * </pre>
 */
public final class H5adThreadCpu {
  private H5adThreadCpu() {}

  private static long javaThreadsCpu(ThreadMXBean tm) {
    long s = 0;
    for (long id : tm.getAllThreadIds()) {
      long c = tm.getThreadCpuTime(id);
      if (c > 0) {
        s += c;
      }
    }
    return s;
  }

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    int repeat = Integer.parseInt(args[1]);
    String what = args.length > 2 ? args[2] : "all";
    ReadOptions frames = ReadOptions.metadata().withUns(false);
    ReadOptions opt = switch (what) {
      case "x" -> frames.withX(true);
      case "obsm" -> frames.withObsm("X_pca");
      case "all" -> frames.withX(true).withObsm("X_pca");
      default -> throw new IllegalArgumentException("expected x, obsm or all, got " + what);
    };
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    H5ad.read(file, opt);
    H5ad.read(file, opt);
    double[] wall = new double[repeat];
    double[] cpu = new double[repeat];
    for (int r = 0; r < repeat; r++) {
      long c0 = javaThreadsCpu(tm);
      long t0 = System.nanoTime();
      H5ad.read(file, opt);
      wall[r] = (System.nanoTime() - t0) / 1e6;
      cpu[r] = (javaThreadsCpu(tm) - c0) / 1e6;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    System.out.printf("%s %s: wall median %.1f least %.1f ms, Java threads' CPU median %.1f least %.1f ms (%d reads)%n",
        file.getFileName(), what, wall[repeat / 2], wall[0], cpu[repeat / 2], cpu[0], repeat);
  }
}
