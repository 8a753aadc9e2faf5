package org.flowmatch4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.flowmatch4j.fm.coupling.Coupling;
import org.flowmatch4j.fm.coupling.ExactOtCoupling;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.fm.coupling.PlanUse;
import org.flowmatch4j.fm.path.CondOtScheduler;
import org.flowmatch4j.fm.path.GaussianPath;
import org.flowmatch4j.fm.path.NoiseSchedule;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.tensor.Parallel;
import org.junit.jupiter.api.Test;

/** Minibatches prepared ahead on other threads: same batches, same training, errors surface. */
class PrefetchTest {
  private static final int D = 2;

  /** Four snapshots of a drifting, widening cloud (n_k = 150 + 20k cells). */
  private static Matrix[] snapshots() {
    SplittableRandom rng = new SplittableRandom(5);
    Matrix[] s = new Matrix[4];
    for (int k = 0; k < s.length; k++) {
      s[k] = new Matrix(150 + 20 * k, D);
      for (int i = 0; i < s[k].rows; i++) {
        s[k].set(i, 0, (float) (k + (0.3 + 0.1 * k) * rng.nextGaussian()));
        s[k].set(i, 1, (float) (0.5 * k * k + 0.3 * rng.nextGaussian()));
      }
    }
    return s;
  }

  private static MultiMarginalObjective objective(Supplier<Coupling> couplings) {
    Mlp net = new Mlp(MlpConfig.velocity(D, 16, 2, Activation.SELU, 3));
    return new MultiMarginalObjective("otcfm", snapshots(), new double[] {0, 1, 2.5, 3}, new int[] {0, 1, 2, 3},
        Pairing.minibatch(couplings), new GaussianPath(new CondOtScheduler(), NoiseSchedule.constant(0.1)), net, 64);
  }

  private static Supplier<Coupling> exact() {
    return () -> new ExactOtCoupling(PlanUse.RESAMPLE);
  }

  private static float[] lossesWithThreads(int threads) throws IOException {
    int before = Parallel.threads();
    Parallel.setThreads(threads);
    try {
      return Trainer.train(objective(exact()), TrainConfig.simple(40, 1e-3, 9), TrainListener.NONE).losses();
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void trainingIsTheSameBitForBitWhateverTheThreadCount() throws IOException {
    float[] one = lossesWithThreads(1);
    float[] two = lossesWithThreads(2);
    float[] four = lossesWithThreads(4);
    assertArrayEquals(one, two);
    assertArrayEquals(one, four);
  }

  @Test
  void pairsPreparedInParallelEqualPairsPreparedInTurn() {
    MultiMarginalObjective a = objective(exact());
    MultiMarginalObjective b = objective(exact());
    MultiMarginalObjective.Batch serial = a.newBatch();
    MultiMarginalObjective.Batch parallel = b.newBatch();
    ForkJoinPool pool = new ForkJoinPool(3);
    try {
      for (int s = 0; s < 5; s++) {
        a.prepare(Trainer.stepRandom(2, s), serial, null);
        int step = s;
        pool.submit(() -> b.prepare(Trainer.stepRandom(2, step), parallel, pool)).join();
        assertArrayEquals(serial.xt.data, parallel.xt.data);
        assertArrayEquals(serial.tau.data, parallel.tau.data);
        assertArrayEquals(serial.target.data, parallel.target.data);
      }
      a.prepare(Trainer.stepRandom(2, 7), serial, null);
      b.prepare(Trainer.stepRandom(2, 8), parallel, null);
      assertFalse(java.util.Arrays.equals(serial.xt.data, parallel.xt.data));
    } finally {
      pool.shutdown();
    }
    // the rows of pair p lie at the pair's model times
    for (int p = 0; p < 3; p++) {
      double lo = new double[] {0, 1, 2.5}[p];
      double hi = new double[] {1, 2.5, 3}[p];
      for (int k = 0; k < 64; k++) {
        float tau = serial.tau.data[p * 64 + k];
        assertTrue(tau >= lo && tau <= hi, "pair " + p + " tau " + tau);
      }
    }
  }

  @Test
  void batchesPreparedAtTheSameTimeEqualBatchesPreparedInTurn() throws Exception {
    MultiMarginalObjective obj = objective(exact());
    int steps = 6;
    MultiMarginalObjective.Batch[] serial = new MultiMarginalObjective.Batch[steps];
    MultiMarginalObjective.Batch[] together = new MultiMarginalObjective.Batch[steps];
    for (int s = 0; s < steps; s++) {
      serial[s] = obj.newBatch();
      together[s] = obj.newBatch();
      obj.prepare(Trainer.stepRandom(3, s), serial[s], null);
    }
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int s = steps - 1; s >= 0; s--) {
        int step = s;
        done.add(threads.submit(() -> obj.prepare(Trainer.stepRandom(3, step), together[step], null)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      threads.shutdown();
    }
    for (int s = 0; s < steps; s++) {
      assertArrayEquals(serial[s].xt.data, together[s].xt.data, "step " + s);
      assertArrayEquals(serial[s].tau.data, together[s].tau.data, "step " + s);
      assertArrayEquals(serial[s].target.data, together[s].target.data, "step " + s);
    }
  }

  /** Waits up to 5 s for every prefetch worker thread to end. */
  private static boolean prefetchThreadsEnd() throws InterruptedException {
    for (int wait = 0; wait < 500; wait++) {
      boolean alive = false;
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        alive |= t.getName().startsWith("fm4j-prefetch") && t.isAlive();
      }
      if (!alive) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  @Test
  void aFailedCouplingInAPreparedStepStopsTrainingWithItsError() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    Supplier<Coupling> couplings = () -> {
      ExactOtCoupling inner = new ExactOtCoupling(PlanUse.RESAMPLE);
      return (x0, x1, rng, i0, i1) -> {
        if (calls.incrementAndGet() == 6) {
          throw new IllegalStateException("optimal transport failed on purpose");
        }
        inner.pair(x0, x1, rng, i0, i1);
      };
    };
    Mlp net = new Mlp(MlpConfig.velocity(D, 8, 1, Activation.SELU, 3));
    Matrix[] s = snapshots();
    MultiMarginalObjective obj = new MultiMarginalObjective("otcfm", new Matrix[] {s[0], s[1]}, new double[] {0, 1},
        new int[] {0, 1}, Pairing.minibatch(couplings), new GaussianPath(new CondOtScheduler(), NoiseSchedule.constant(0.1)), net, 32);
    int before = Parallel.threads();
    Parallel.setThreads(2);
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> Trainer.train(obj, TrainConfig.simple(20, 1e-3, 1), TrainListener.NONE));
      assertTrue(e.getMessage().contains("failed on purpose"), e.getMessage());
    } finally {
      Parallel.setThreads(before);
    }
    // at most the steps already handed out (four with two threads) are prepared after the failure
    assertTrue(calls.get() >= 6 && calls.get() <= 9, "couplings run: " + calls.get());
    assertTrue(prefetchThreadsEnd(), "prefetch worker threads still running");
  }
}
