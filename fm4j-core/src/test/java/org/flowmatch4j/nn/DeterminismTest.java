package org.flowmatch4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.tensor.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Same seed and thread count give the same losses bit for bit; the training step allocates nothing. */
class DeterminismTest {
  private final int threadsBefore = Parallel.threads();

  @AfterEach
  void restore() {
    Parallel.setThreads(threadsBefore);
  }

  /** A flow-matching-like run: fresh data each step from a seeded generator, AdamW, clipping. */
  private static float[] train(long seed, int threads, int steps) {
    Parallel.setThreads(threads);
    // sizes large enough that products are split across threads
    Mlp mlp = new Mlp(new MlpConfig(8, 0, 8, 192, 2, Activation.SILU, TimeEncoding.RAW, 0, seed));
    Adam adam = new Adam(mlp.parameters(), AdamConfig.adamW(1e-3, 1e-2));
    SplittableRandom rng = new SplittableRandom(seed);
    int n = 256;
    Matrix x = new Matrix(n, 8);
    Matrix t = new Matrix(n, 1);
    Matrix u = new Matrix(n, 8);
    Tape tape = new Tape();
    float[] losses = new float[steps];
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < x.data.length; i++) {
        x.data[i] = (float) rng.nextGaussian();
        u.data[i] = (float) rng.nextGaussian();
      }
      for (int i = 0; i < n; i++) {
        t.data[i] = (float) rng.nextDouble();
      }
      tape.reset();
      Var loss = tape.mse(mlp.forward(tape, tape.constant(x), tape.constant(t), null),
          tape.constant(u));
      adam.zeroGrad();
      tape.backward(loss);
      Gradients.clipByGlobalNorm(mlp.parameters(), 1.0);
      adam.step();
      losses[s] = loss.item();
    }
    return losses;
  }

  @Test
  void sameSeedAndThreadsGiveBitIdenticalLosses() {
    for (int threads : new int[] {1, 2}) {
      float[] a = train(7, threads, 8);
      float[] b = train(7, threads, 8);
      assertArrayEquals(a, b, "threads " + threads);
    }
  }

  @Test
  void lossesDoNotDependOnTheThreadCount() {
    assertArrayEquals(train(8, 1, 5), train(8, 3, 5));
  }

  @Test
  void steadyStateTrainingStepAllocatesNothing() {
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Parallel.setThreads(2);
    Mlp mlp = new Mlp(MlpConfig.velocity(5, 64, 3, Activation.SILU, 1));
    Adam adam = new Adam(mlp.parameters(), AdamConfig.adam(1e-3));
    SplittableRandom rng = new SplittableRandom(1);
    Matrix x = GradCheck.random(256, 5, rng, 1);
    Matrix t = GradCheck.random(256, 1, rng, 1);
    Matrix y = GradCheck.random(256, 5, rng, 1);
    Tape tape = new Tape();
    Matrix out = new Matrix(256, 5);
    // until the JIT has compiled the kernels the Vector API allocates; wait for the steady state
    long perStep = Long.MAX_VALUE;
    int measured = 50;
    for (int round = 0; round < 300 && perStep > 0; round++) {
      long before = bean.getCurrentThreadAllocatedBytes();
      for (int s = 0; s < measured; s++) {
        tape.reset();
        Var loss = tape.mse(mlp.forward(tape, tape.constant(x), tape.constant(t), null),
            tape.constant(y));
        adam.zeroGrad();
        tape.backward(loss);
        adam.step();
        mlp.forward(x, t, null, out);
      }
      perStep = (bean.getCurrentThreadAllocatedBytes() - before) / measured;
    }
    // a stray deoptimisation can cost a few bytes per step in the window; any buffer of this
    // network (256 x 5 floats and up) would cost kilobytes
    assertTrue(perStep <= 64, "a training step allocated " + perStep + " bytes");
  }
}
