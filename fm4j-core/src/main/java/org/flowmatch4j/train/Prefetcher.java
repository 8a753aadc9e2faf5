package org.flowmatch4j.train;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;

/**
 * Prepares the minibatches of a {@link PreparedObjective} ahead of the training loop. With T > 1
 * threads, while step s trains, steps s + 1 .. s + 2T - 1 are prepared by a pool of T - 1 worker
 * threads, and the trainer itself prepares waiting steps while the batch it needs is still being
 * prepared by a worker. So when preparing a batch costs more than training on it (exact OT of the
 * minibatches against a small network), all T threads prepare batches and the trainer trains in
 * between, instead of the trainer idling while one worker prepares. 2T batches alternate in a ring
 * (slot s mod 2T); a slot is handed out again only after its step has trained.
 *
 * <p>Step s always draws from {@link Trainer#stepRandom}(seed, s) into a batch that owns its work
 * buffers, so the batches, and hence the training, are the same whatever the thread count or
 * timing. An exception in the preparation of step s is rethrown by {@link #loss} of step s (steps
 * before it train normally). With one thread everything runs on the calling thread. Only the
 * minibatch data are touched off the calling thread, never the networks.
 */
final class Prefetcher<B> implements AutoCloseable {
  /** How long the trainer spins for a preparation in progress before it parks. */
  private static final long SPIN_NANOS = 50_000L;

  private final PreparedObjective<B> objective;
  private final long seed;
  private final int steps;
  private final ForkJoinPool pool;
  private final Job[] ring;
  /** Steps below this one have been handed to a job. */
  private int scheduled = -1;

  /**
   * The preparation of one step into one batch. Whoever claims it first runs it: a worker of the
   * pool, or the trainer, either because it needs the batch now (on a busy machine a worker may not
   * get a core in time, and waiting for it would cost more than preparing the batch at once) or
   * because it would otherwise wait for another job.
   */
  private final class Job implements Runnable {
    final B batch;
    final AtomicInteger state = new AtomicInteger(DONE);
    volatile int step = -1;
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

    /** Claims the job if nobody has: true when the caller should run it. */
    boolean claim() {
      return state.compareAndSet(QUEUED, RUNNING);
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

    /** Waits for a claimed job to end. */
    void await() {
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
    int t = Math.max(1, threads);
    this.pool = t > 1 ? new ForkJoinPool(t - 1, Prefetcher::worker, null, false) : null;
    ring = new Prefetcher.Job[t > 1 ? 2 * t : 1];
    for (int k = 0; k < ring.length; k++) {
      ring[k] = new Job(objective.newBatch());
    }
  }

  private static ForkJoinWorkerThread worker(ForkJoinPool pool) {
    ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
    t.setName("fm4j-prefetch-" + t.getPoolIndex());
    t.setDaemon(true);
    return t;
  }

  private Job slot(int s) {
    return ring[s % ring.length];
  }

  /** Hands step s to its slot (whose previous step has trained) and offers it to the workers. */
  private void schedule(int s) {
    Job job = slot(s);
    job.step = s;
    job.failure = null;
    job.state.set(Job.QUEUED);
    if (pool != null) {
      pool.execute(job);
    }
  }

  /**
   * Records the loss of step {@code s} on {@code tape}: schedules the steps up to s + 2T - 1 that
   * are not yet, then takes the batch of step s, preparing it here or, while a worker prepares
   * it, preparing later steps here.
   *
   * @throws RuntimeException whatever the preparation of step s threw
   */
  Var loss(Tape tape, int s) {
    if (scheduled < 0 || slot(s).step != s) {
      awaitAll();
      scheduled = s;
    }
    int end = Math.min(steps, s + ring.length);
    while (scheduled < end) {
      schedule(scheduled++);
    }
    Job job = slot(s);
    if (job.claim()) {
      job.execute();
    }
    for (int t = s + 1; t < end && job.state.get() != Job.DONE; t++) {
      Job later = slot(t);
      if (later.claim()) {
        later.execute();
      }
    }
    job.await();
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
    return objective.loss(tape, job.batch);
  }

  /** Withdraws the preparations nobody has started and waits for those running. */
  private void awaitAll() {
    for (Job job : ring) {
      if (!job.state.compareAndSet(Job.QUEUED, Job.DONE)) {
        job.await();
      }
      job.failure = null;
    }
  }

  /** Waits for any preparation still running and stops the worker threads. */
  @Override
  public void close() {
    awaitAll();
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
