import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.tensor.Parallel;
import sun.misc.Unsafe;

/**
 * Does the placement of the arrays in memory change the speed of a matrix product? Times the
 * three product layouts of one 512 x 512 layer of the large MLP benchmark (batch 1024: X.W,
 * dY.W^T, X^T.dY) on one thread, with the packed panels of B and of A, which the micro-kernels'
 * inner loop reads, placed at a chosen byte offset modulo 64 (0: every 64-byte vector load lies in one cache line; 16, 32, 48:
 * every one spans two; C, read and written once per block of 512 k, is left where it is). The placements alternate within one JVM, so the load of the machine
 * touches them alike; an array is placed by allocating until one lands at the wanted offset
 * (objects are 8-byte aligned; the collector can move them, so each placement is read again after
 * its block and a block is dropped when it moved). Prints, per layout and placement, the least and
 * the median thread-CPU ms per product over the rounds (CPU time of the one computing thread, which
 * the load of the machine disturbs much less than wall time) and their ratio to the placement at offset 0.
 *
 * <p>Usage: {@code java GemmAlignment [ROUNDS]} (default 15). Reads addresses with {@code
 * sun.misc.Unsafe}, assuming compressed oops with a zero base (heaps under 32 GiB), and sets the
 * product's per-thread buffers by reflection.
 */
public final class GemmAlignment {
  private static final int[] OFFSETS = {0, 16, 32, 48};
  private static final int PRODUCTS = 10;
  private static final Unsafe U = unsafe();
  private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();
  /** Keeps the arrays allocated while searching for a placement alive, so none of them moves. */
  private static final List<float[]> KEEP = new ArrayList<>();

  private GemmAlignment() {}

  interface Product {
    void run(Matrix c);
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    Parallel.setThreads(1);
    Kernels k = Kernels.get();
    Random r = new Random(1);
    Matrix x = gaussian(1024, 512, r);
    Matrix w = gaussian(512, 512, r);
    Matrix dy = gaussian(1024, 512, r);
    String[] names = {"X.W (1024x512 . 512x512)", "dY.W^T", "X^T.dY (512x1024 . 1024x512)"};
    Product[] products = {
      c -> k.matmul(x, w, c, false), c -> k.matmulTransB(dy, w, c, false),
      c -> k.matmulTransA(x, dy, c, false)
    };
    int[][] shapes = {{1024, 512}, {1024, 512}, {512, 512}};
    Class<?> gemm = Class.forName("org.flowmatch4j.tensor.VectorGemm");
    Object buffers = threadLocal(gemm, "BUFFERS");
    Field packB = buffers.getClass().getDeclaredField("packB");
    Field packA = buffers.getClass().getDeclaredField("packA");
    packB.setAccessible(true);
    packA.setAccessible(true);
    // warm-up: compile the kernels
    for (int p = 0; p < products.length; p++) {
      Matrix c = new Matrix(shapes[p][0], shapes[p][1]);
      for (int i = 0; i < 60; i++) {
        products[p].run(c);
      }
    }
    int lenB = ((float[]) packB.get(buffers)).length;
    int lenA = ((float[]) packA.get(buffers)).length;
    // packA is a final field: it is replaced through Unsafe
    long packAOffset = U.objectFieldOffset(packA);
    double[][][] ms = new double[products.length][OFFSETS.length][rounds];
    int moved = 0;
    for (int round = 0; round < rounds; round++) {
      for (int p = 0; p < products.length; p++) {
        for (int o = 0; o < OFFSETS.length; o++) {
          float[] b = placed(lenB, OFFSETS[o]);
          float[] a = placed(lenA, OFFSETS[o]);
          Matrix c = new Matrix(shapes[p][0], shapes[p][1]);
          packB.set(buffers, b);
          U.putObject(buffers, packAOffset, a);
          products[p].run(c);
          long t0 = THREAD.getCurrentThreadCpuTime();
          for (int i = 0; i < PRODUCTS; i++) {
            products[p].run(c);
          }
          double t = (THREAD.getCurrentThreadCpuTime() - t0) / 1e6 / PRODUCTS;
          boolean same = offset(b) == OFFSETS[o] && offset(a) == OFFSETS[o]
              && packB.get(buffers) == b;
          if (!same) {
            moved++;
          }
          ms[p][o][round] = same ? t : Double.NaN;
          KEEP.clear();
        }
      }
    }
    System.out.printf("one thread, %d rounds of %d products per placement (%d blocks dropped: an array moved)%n",
        rounds, PRODUCTS, moved);
    System.out.printf("%-30s %6s %12s %13s %8s%n", "product", "offset", "least CPU ms", "median CPU ms", "vs 0");
    for (int p = 0; p < products.length; p++) {
      double base = median(ms[p][0]);
      for (int o = 0; o < OFFSETS.length; o++) {
        System.out.printf("%-30s %6d %12.3f %13.3f %8.3f%n", names[p], OFFSETS[o], least(ms[p][o]),
            median(ms[p][o]), median(ms[p][o]) / base);
      }
    }
  }

  /**
   * A new array of at least n floats whose first element lies at the given byte offset modulo 64:
   * arrays of n to n + 15 floats are allocated in turn, each shifting where the next one starts.
   */
  private static float[] placed(int n, int offset) {
    for (int i = 0; ; i++) {
      float[] a = new float[n + i % 16];
      if (offset(a) == offset) {
        return a;
      }
      KEEP.add(a);
      if (i > 1000) {
        throw new IllegalStateException("no array of " + n + " floats at offset " + offset);
      }
    }
  }

  private static long offset(float[] a) {
    Object[] holder = {a};
    long narrow = U.getInt(holder, (long) Unsafe.ARRAY_OBJECT_BASE_OFFSET) & 0xffffffffL;
    return ((narrow << 3) + Unsafe.ARRAY_FLOAT_BASE_OFFSET) % 64;
  }

  private static double least(double[] v) {
    return Arrays.stream(v).filter(d -> !Double.isNaN(d)).min().orElse(Double.NaN);
  }

  private static double median(double[] v) {
    double[] s = Arrays.stream(v).filter(d -> !Double.isNaN(d)).sorted().toArray();
    return s.length == 0 ? Double.NaN : s[s.length / 2];
  }

  private static Object threadLocal(Class<?> owner, String name) throws Exception {
    Field f = owner.getDeclaredField(name);
    f.setAccessible(true);
    return ((ThreadLocal<?>) f.get(null)).get();
  }

  private static Unsafe unsafe() {
    try {
      Field f = Unsafe.class.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      return (Unsafe) f.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Matrix gaussian(int rows, int cols, Random r) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = (float) r.nextGaussian();
    }
    return m;
  }
}
