import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Whether a second core adds memory bandwidth on this machine: the wall time of streaming reads
 * of a 32 MB array of doubles (the 2,000 x 2,000 Sinkhorn kernel) by one thread, by two threads
 * reading one half each (one pass split between the cores), and by two threads reading a whole
 * array each (twice the bytes: the traffic of splitting a Sinkhorn iteration into a pass over the
 * rows for (K v) and a second pass over the columns for K^T u). If the two-thread half pass is no
 * faster than one thread, and two whole passes take twice as long, the bandwidth is shared, and
 * two passes on two cores cannot beat one fused pass on one. Prints the median and least of
 * ROUNDS rounds (each the mean of 10 passes) and the load average.
 *
 * <pre>
 *   java bench/StreamBandwidth.java [ROUNDS]
 * </pre>
 */
public final class StreamBandwidth {
  private static final int N = 2000 * 2000;

  private StreamBandwidth() {}

  private static double sum(double[] a, int from, int to) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    for (int i = from; i + 4 <= to; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    return s0 + s1 + s2 + s3;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
    double[] a = new double[N];
    double[] b = new double[N];
    Arrays.fill(a, 1);
    Arrays.fill(b, 1);
    ExecutorService other = Executors.newSingleThreadExecutor();
    double[][] ms = new double[3][rounds];
    double check = 0;
    System.out.println("load average before: " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
    for (int r = -3; r < rounds; r++) {
      long t0 = System.nanoTime();
      for (int k = 0; k < 10; k++) {
        check += sum(a, 0, N);
      }
      long t1 = System.nanoTime();
      for (int k = 0; k < 10; k++) {
        Future<Double> half = other.submit(() -> sum(a, 0, N / 2));
        check += sum(a, N / 2, N) + half.get();
      }
      long t2 = System.nanoTime();
      for (int k = 0; k < 10; k++) {
        Future<Double> whole = other.submit(() -> sum(b, 0, N));
        check += sum(a, 0, N) + whole.get();
      }
      long t3 = System.nanoTime();
      if (r >= 0) {
        ms[0][r] = (t1 - t0) / 1e7;
        ms[1][r] = (t2 - t1) / 1e7;
        ms[2][r] = (t3 - t2) / 1e7;
      }
    }
    other.shutdown();
    String[] what = {"one thread, one 32 MB pass", "two threads, one pass (a half each)", "two threads, two passes (one each)"};
    for (int c = 0; c < 3; c++) {
      double[] s = ms[c].clone();
      Arrays.sort(s);
      System.out.printf("%-40s median %6.2f ms  least %6.2f ms  (%.1f GB/s at the median)%n", what[c], s[rounds / 2], s[0],
          (c == 2 ? 2 : 1) * 8.0 * N / (s[rounds / 2] * 1e6));
    }
    System.out.println("load average after: " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim()
        + (check > 0 ? "" : " (no data)"));
  }
}
