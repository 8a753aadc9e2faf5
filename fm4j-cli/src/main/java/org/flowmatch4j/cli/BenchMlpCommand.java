package org.flowmatch4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.flowmatch4j.nn.Adam;
import org.flowmatch4j.nn.AdamConfig;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.tensor.Parallel;
import org.flowmatch4j.train.ConfigChecks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fm4j bench mlp}: times one MLP training step (forward, MSE to a random target, backward,
 * Adam) at two sizes, as {@code bench/torch_mlp.py} does in PyTorch: batch 256 with 5 -> 64 x 3 ->
 * 5 and batch 1024 with 100 -> 512 x 3 -> 100, time as an extra input column, SiLU. Reports the
 * median wall-clock ms per step over the timed blocks and, beside it, the median CPU ms per step of
 * the caller and the kernels' workers ({@link WorkingThreadsCpu}).
 */
@Command(
    name = "mlp",
    mixinStandardHelpOptions = true,
    description = "Time one MLP training step (forward, backward, Adam) at two sizes.")
public final class BenchMlpCommand implements Callable<Integer> {

  /** One benchmark size. */
  enum Size {
    SMALL(256, 5, 64, 1000),
    LARGE(1024, 100, 512, 40);

    final int batch;
    final int dim;
    final int width;
    final int steps;

    Size(int batch, int dim, int width, int steps) {
      this.batch = batch;
      this.dim = dim;
      this.width = width;
      this.steps = steps;
    }
  }

  @Spec CommandSpec spec;

  @Option(names = "--threads", description = "Threads for the kernels (default: all cores).")
  Integer threads;

  @Option(names = "--size", description = "SMALL, LARGE or both (default: both).", split = ",")
  List<Size> sizes = List.of(Size.SMALL, Size.LARGE);

  @Option(names = "--repeats", description = "Timed blocks per size; the median is reported "
      + "(default: ${DEFAULT-VALUE}).", defaultValue = "7")
  int repeats;

  @Option(names = "--scale", description = "Multiplies the steps per timed block "
      + "(default: ${DEFAULT-VALUE}).", defaultValue = "1.0")
  double scale;

  @Option(names = "--json", description = "Print the results as one JSON line.")
  boolean json;

  @Override
  public Integer call() {
    if (threads != null) {
      if (threads < 1) {
        throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
      }
      Parallel.setThreads(threads);
    }
    ConfigChecks.atLeast("--repeats", repeats, 1);
    ConfigChecks.positive("--scale", scale);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "mlp_train_step");
    result.put("kernels", Kernels.get().name());
    result.put("threads", Parallel.threads());
    result.put("java", System.getProperty("java.version"));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Size s : sizes) {
      err.println("bench mlp: " + s.name().toLowerCase() + " (batch " + s.batch + ", " + s.dim
          + "+1 -> " + s.width + " x 3 -> " + s.dim + ")...");
      err.flush();
      Map<String, Object> row = time(s);
      rows.add(row);
      if (!json) {
        out.printf("fm4j %s threads=%d B=%d %d->%dx3->%d: %.3f ms/step (min %.3f, %.1f GFLOP/s;"
            + " CPU %.3f ms/step)%n", Kernels.get().name(), Parallel.threads(), s.batch, s.dim, s.width,
            s.dim, row.get("msPerStep"), row.get("msPerStepMin"), row.get("gflops"), row.get("cpuMsPerStep"));
      }
    }
    result.put("sizes", rows);
    if (json) {
      JsonOutput.print(out, result);
    }
    out.flush();
    return 0;
  }

  private Map<String, Object> time(Size s) {
    Mlp mlp = new Mlp(MlpConfig.velocity(s.dim, s.width, 3, Activation.SILU, 1));
    Adam adam = new Adam(mlp.parameters(), AdamConfig.adam(1e-3));
    SplittableRandom rng = new SplittableRandom(2);
    Matrix x = gaussian(s.batch, s.dim, rng);
    Matrix t = new Matrix(s.batch, 1);
    for (int i = 0; i < s.batch; i++) {
      t.data[i] = (float) rng.nextDouble();
    }
    Matrix y = gaussian(s.batch, s.dim, rng);
    Tape tape = new Tape();
    int steps = Math.max(1, (int) Math.round(s.steps * scale));
    // warm-up: the JIT compiles the kernels during the first steps
    for (int i = 0; i < Math.max(steps, 200); i++) {
      step(mlp, adam, tape, x, t, y);
    }
    double[] ms = new double[repeats];
    double[] cpu = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long c0 = WorkingThreadsCpu.nanos();
      long t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        step(mlp, adam, tape, x, t, y);
      }
      ms[r] = (System.nanoTime() - t0) / 1e6 / steps;
      cpu[r] = (WorkingThreadsCpu.nanos() - c0) / 1e6 / steps;
    }
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    double median = sorted[repeats / 2];
    double[] sortedCpu = cpu.clone();
    Arrays.sort(sortedCpu);
    double flops = flopsPerStep(s);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("size", s.name().toLowerCase());
    row.put("batch", s.batch);
    row.put("layers", (s.dim + 1) + "-" + s.width + "-" + s.width + "-" + s.width + "-" + s.dim);
    row.put("stepsPerBlock", steps);
    row.put("msPerStep", median);
    row.put("msPerStepMin", sorted[0]);
    row.put("msPerStepBlocks", ms);
    row.put("cpuMsPerStep", sortedCpu[repeats / 2]);
    row.put("gflops", flops / (median * 1e6));
    return row;
  }

  private static void step(Mlp mlp, Adam adam, Tape tape, Matrix x, Matrix t, Matrix y) {
    tape.reset();
    Var v = mlp.forward(tape, tape.constant(x), tape.constant(t), null);
    Var loss = tape.mse(v, tape.constant(y));
    adam.zeroGrad();
    tape.backward(loss);
    adam.step();
  }

  /** Multiply-add FLOPs of a step: forward, weight gradients, input gradients past layer 1. */
  static double flopsPerStep(Size s) {
    int[] dims = {s.dim + 1, s.width, s.width, s.width, s.dim};
    double f = 0;
    for (int l = 0; l < 4; l++) {
      double layer = 2.0 * s.batch * dims[l] * dims[l + 1];
      f += layer * (l == 0 ? 2 : 3);
    }
    return f;
  }

  private static Matrix gaussian(int r, int c, SplittableRandom rng) {
    Matrix m = new Matrix(r, c);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = (float) rng.nextGaussian();
    }
    return m;
  }
}
