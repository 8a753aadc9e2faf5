package org.flowmatch4j.train;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;

/**
 * Prepares the minibatches of a {@link PreparedObjective} one step ahead: while step s records its
 * loss and trains, step s + 1 is prepared on a bounded pool of {@code threads - 1} worker threads
 * (which may also run the independent parts of a preparation in parallel). Two batches alternate.
 * With one thread everything runs on the calling thread. Step s always draws from {@link
 * Trainer#stepRandom}(seed, s), so the batches, and hence the training, are the same whatever the
 * thread count or timing. An exception in a preparation is rethrown by {@link #loss} of its step.
 * Only the minibatch data are touched off the calling thread, never the networks.
 */
final class Prefetcher<B> implements AutoCloseable {
  /** How long the trainer spins for a preparation in progress before it parks. */
  private static final long SPIN_NANOS = 50_000L;

  private final PreparedObjective<B> objective;
  private final long seed;
  private final int steps;
  private final ForkJoinPool pool;
  private final Job even;
  private final Job odd;
  private Job pending;

  /**
   * The preparation of one step into one batch. Whoever claims it first runs it: a worker of the
   * pool, or the trainer itself when it needs the batch before any worker has started on it (on
   * a busy machine a worker may not get a core in time, and waiting for it would cost more than
   * preparing the batch at once).
   */
  private final class Job implements Runnable {
    final B batch;
    final AtomicInteger state = new AtomicInteger(DONE);
    volatile int step;
    volatile Throwable failure;
    volatile Thread waiter;

    static final int QUEUED = 0;
    static final int RUNNING = 1;
    static final int DONE = 2;

    Job(B batch) {
      this.batch = batch;
    }

    @Override
    public void run() {
      if (state.compareAndSet(QUEUED, RUNNING)) {
        execute();
      }
    }

    /** Prepares the batch (the caller has claimed the job), records a failure, wakes the waiter. */
    void execute() {
      try {
        objective.prepare(Trainer.stepRandom(seed, step), batch, pool);
      } catch (Throwable t) {
        failure = t;
      } finally {
        state.set(DONE);
        Thread w = waiter;
        if (w != null) {
          LockSupport.unpark(w);
        }
      }
    }

    /** Runs the job here if nobody has started it, else waits for it to end. */
    void complete() {
      if (state.compareAndSet(QUEUED, RUNNING)) {
        execute();
        return;
      }
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      while (state.get() != DONE && System.nanoTime() < spinUntil) {
        Thread.onSpinWait();
      }
      waiter = Thread.currentThread();
      while (state.get() != DONE) {
        LockSupport.park(this);
      }
      waiter = null;
    }
  }

  /**
   * @param steps the number of steps of the run (nothing is prepared beyond the last)
   * @param threads the thread setting of the run ({@code org.flowmatch4j.tensor.Parallel})
   */
  Prefetcher(PreparedObjective<B> objective, long seed, int steps, int threads) {
    this.objective = objective;
    this.seed = seed;
    this.steps = steps;
    this.pool = threads > 1 ? new ForkJoinPool(threads - 1, Prefetcher::worker, null, false) : null;
    even = new Job(objective.newBatch());
    odd = new Job(objective.newBatch());
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
    Job job = (s & 1) == 0 ? even : odd;
    if (pending != job || job.step != s) {
      awaitPending();
      job.step = s;
      job.failure = null;
      job.state.set(Job.QUEUED);
      pending = job;
    }
    pending = null;
    job.complete();
    Throwable failure = job.failure;
    if (failure != null) {
      job.failure = null;
      if (failure instanceof RuntimeException r) {
        throw r;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(failure);
    }
    if (pool != null && s + 1 < steps) {
      Job next = job == even ? odd : even;
      next.step = s + 1;
      next.failure = null;
      next.state.set(Job.QUEUED);
      pending = next;
      pool.execute(next);
    }
    return objective.loss(tape, job.batch);
  }

  /** Waits for a preparation that is no longer wanted, ignoring its outcome. */
  private void awaitPending() {
    if (pending != null) {
      if (pending.state.compareAndSet(Job.QUEUED, Job.DONE)) {
        pending = null;
        return;
      }
      pending.complete();
      pending.failure = null;
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
