import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.flowmatch4j.ot.CostScaling;
import org.flowmatch4j.ot.Sinkhorn;
import org.flowmatch4j.ot.SinkhornConfig;
import org.flowmatch4j.ot.SinkhornMode;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.tensor.Parallel;

/**
 * Fails when a compiled vector kernel allocates per call. A kernel whose vectors the JIT did not
 * intrinsify (a Vector API call left out of the compiled method, by the inlining budget or a
 * polluted profile) boxes each vector it touches on the heap, so it allocates on every call and
 * runs several times slower; a well-compiled one allocates nothing. Each kernel is run on the
 * layer shapes of the MLP benchmark (batch 1024, 101 -> 512 x 3 -> 100; batch 256, 6 -> 64 x 3 ->
 * 5): all kernels are first warmed up together, in turns, as a training step mixes them, then the
 * bytes the calling thread allocates over each kernel's timed calls are read from {@link
 * com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)}. The large shapes, which run the
 * same compiled kernels as the small ones, are warmed up with a hundredth of the calls and timed
 * over a tenth. Sinkhorn in kernel form on a 256 x 256 cost (a reused solver, which keeps its
 * work arrays) checks the deterministic exponential of its kernel ({@code VectorExp}) and its
 * matrix-vector sweeps in the context the solver compiles them in; a solve keeps a few small
 * objects of its own (about 200 bytes), so its limit is {@link #SOLVE_LIMIT}, far below the
 * hundreds of kilobytes a solve with boxed vectors allocates.
 *
 * <p>Usage: {@code java KernelAllocations [WARMUP_CALLS] [CALLS]}; prints one line per kernel
 * (bytes per call, thread CPU microseconds per call) and exits with status 1 when any kernel
 * allocates more than its limit ({@link #LIMIT} bytes per call unless noted). Runs on one
 * thread, so that everything happens on the measured thread.
 */
public final class KernelAllocations {
  /** Bytes per call above which a kernel is taken to box its vectors. */
  static final long LIMIT = 64;
  /** The limit for a whole Sinkhorn solve. */
  static final long SOLVE_LIMIT = 1024;

  private KernelAllocations() {}

  /**
   * A kernel call, the number of calls that warm it up, the number measured, and the bytes per
   * call above which it counts as boxing.
   */
  record Case(String name, int warmup, int calls, long limit, Runnable call) {
    Case(String name, int warmup, int calls, Runnable call) {
      this(name, warmup, calls, LIMIT, call);
    }
  }

  static Matrix random(Random r, int rows, int cols) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = (float) r.nextGaussian();
    }
    return m;
  }

  /** The products and maps of one layer: in -> out at the given batch. */
  static void layer(List<Case> cases, Kernels k, Random r, int warmup, int calls, int batch, int in,
      int out) {
    String s = batch + "x" + in + "->" + out;
    Matrix x = random(r, batch, in);
    Matrix w = random(r, out, in);
    Matrix b = random(r, 1, out);
    Matrix y = new Matrix(batch, out);
    Matrix dy = random(r, batch, out);
    Matrix dx = new Matrix(batch, in);
    Matrix dw = new Matrix(out, in);
    cases.add(new Case("linear " + s, warmup, calls, () -> k.linear(x, w, b, y)));
    cases.add(new Case("dY.W " + s, warmup, calls, () -> k.matmul(dy, w, dx, false)));
    cases.add(new Case("dY^T.X " + s, warmup, calls, () -> k.matmulTransA(dy, x, dw, false)));
    cases.add(new Case("X.W^T acc " + s, warmup, calls, () -> k.matmulTransB(x, w, y, true)));
  }

  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Parallel.setThreads(1);
    Kernels k = Kernels.get();
    Random r = new Random(1);
    List<Case> cases = new ArrayList<>();
    layer(cases, k, r, warmup, calls, 256, 6, 64);
    layer(cases, k, r, warmup, calls, 256, 64, 64);
    layer(cases, k, r, warmup, calls, 256, 64, 5);
    int few = Math.max(10, warmup / 100);
    int fewCalls = Math.max(10, calls / 10);
    layer(cases, k, r, few, fewCalls, 1024, 101, 512);
    layer(cases, k, r, few, fewCalls, 1024, 512, 512);
    layer(cases, k, r, few, fewCalls, 1024, 512, 100);
    int n = 256 * 512;
    Matrix z = random(r, 1, n);
    Matrix h = new Matrix(1, n);
    Matrix d1 = new Matrix(1, n);
    Matrix d2 = new Matrix(1, n);
    for (Activation f : Activation.values()) {
      cases.add(new Case(f.name().toLowerCase() + " with f'", warmup, calls,
          () -> k.activation(f, z.data, 0, h.data, 0, d1.data, 0, n)));
      cases.add(new Case(f.name().toLowerCase() + " f', f''", warmup, calls,
          () -> k.activationDerivatives(f, z.data, 0, d1.data, 0, d2.data, 0, n)));
    }
    Matrix g = random(r, 1, n);
    Matrix m = new Matrix(1, n);
    Matrix v = new Matrix(1, n);
    cases.add(new Case("adam", warmup, calls, () -> k.adam(h.data, g.data, m.data, v.data, n, 0.9f, 0.999f,
        1e-3f, 0.5f, 1e-8f, 0f, 1f)));
    cases.add(new Case("mul", warmup, calls, () -> k.mul(z.data, 0, g.data, 0, h.data, 0, n, true)));
    int q = 256;
    double[] cost = new double[q * q];
    for (int i = 0; i < cost.length; i++) {
      cost[i] = r.nextDouble();
    }
    double[] w = new double[q];
    java.util.Arrays.fill(w, 1.0 / q);
    Sinkhorn sinkhorn = new Sinkhorn();
    SinkhornConfig kernelForm = SinkhornConfig.balanced(0.1).withScaling(CostScaling.MAX)
        .withMode(SinkhornMode.STABILIZED_KERNEL);
    cases.add(new Case("sinkhorn kernel 256x256", few, fewCalls, SOLVE_LIMIT,
        () -> sinkhorn.solve(w, w, cost, q, q, kernelForm)));

    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    int failed = 0;
    System.out.printf("%-26s %12s %12s%n", "kernel", "bytes/call", "cpu us/call");
    // warm up all kernels together, in turns, so that the compiler sees the mixed shapes and
    // profiles of a training step before any is measured
    int rounds = cases.stream().mapToInt(Case::warmup).max().orElse(0);
    for (int i = 0; i < rounds; i++) {
      for (Case c : cases) {
        if (i < c.warmup) {
          c.call.run();
        }
      }
    }
    for (Case c : cases) {
      long b0 = mx.getThreadAllocatedBytes(id);
      long t0 = mx.getThreadCpuTime(id);
      for (int i = 0; i < c.calls; i++) {
        c.call.run();
      }
      long bytes = (mx.getThreadAllocatedBytes(id) - b0) / c.calls;
      double us = (mx.getThreadCpuTime(id) - t0) / 1e3 / c.calls;
      boolean bad = bytes > c.limit;
      failed += bad ? 1 : 0;
      System.out.printf("%-26s %12d %12.1f%s%n", c.name, bytes, us, bad ? "   ALLOCATES" : "");
    }
    if (failed > 0) {
      System.out.println(failed + " kernel(s) allocate per call: their vectors are boxed");
      System.exit(1);
    }
  }
}
