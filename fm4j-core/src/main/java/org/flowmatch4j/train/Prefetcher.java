package org.flowmatch4j.train;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;

/**
 * Prepares the minibatches of a {@link PreparedObjective} one step ahead: while step s records its
 * loss and trains, step s + 1 is prepared on a bounded pool of {@code threads - 1} worker threads
 * (which may also run the independent parts of a preparation in parallel). Two batches alternate.
 * With one thread everything runs on the calling thread. Step s always draws from {@link
 * Trainer#stepRandom}(seed, s), so the batches, and hence the training, are the same whatever the
 * thread count or timing. An exception in a preparation is rethrown by {@link #loss} of its step.
 */
final class Prefetcher<B> implements AutoCloseable {
  private final PreparedObjective<B> objective;
  private final long seed;
  private final int steps;
  private final ForkJoinPool pool;
  private final B even;
  private final B odd;
  private ForkJoinTask<?> pending;
  private int pendingStep = -1;

  /**
   * @param steps the number of steps of the run (nothing is prepared beyond the last)
   * @param threads the thread setting of the run ({@code org.flowmatch4j.tensor.Parallel})
   */
  Prefetcher(PreparedObjective<B> objective, long seed, int steps, int threads) {
    this.objective = objective;
    this.seed = seed;
    this.steps = steps;
    this.pool = threads > 1 ? new ForkJoinPool(threads - 1, Prefetcher::worker, null, false) : null;
    even = objective.newBatch();
    odd = objective.newBatch();
  }

  private static ForkJoinWorkerThread worker(ForkJoinPool pool) {
    ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
    t.setName("fm4j-prefetch-" + t.getPoolIndex());
    t.setDaemon(true);
    return t;
  }

  /**
   * Records the loss of step {@code s} on {@code tape}: takes the batch prepared ahead for s (or
   * prepares it now), then starts preparing s + 1.
   *
   * @throws RuntimeException whatever the preparation of step s threw
   */
  Var loss(Tape tape, int s) {
    B batch = (s & 1) == 0 ? even : odd;
    if (pending != null && pendingStep == s) {
      ForkJoinTask<?> task = pending;
      pending = null;
      task.join();
    } else {
      awaitPending();
      objective.prepare(Trainer.stepRandom(seed, s), batch, pool);
    }
    if (pool != null && s + 1 < steps) {
      int next = s + 1;
      B nextBatch = (next & 1) == 0 ? even : odd;
      pending = pool.submit(() -> objective.prepare(Trainer.stepRandom(seed, next), nextBatch, pool));
      pendingStep = next;
    }
    return objective.loss(tape, batch);
  }

  /** Waits for a preparation that is no longer wanted, ignoring its outcome. */
  private void awaitPending() {
    if (pending != null) {
      pending.quietlyJoin();
      pending = null;
    }
  }

  /** Waits for any preparation still running and stops the worker threads. */
  @Override
  public void close() {
    awaitPending();
    if (pool != null) {
      pool.shutdown();
      try {
        pool.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
