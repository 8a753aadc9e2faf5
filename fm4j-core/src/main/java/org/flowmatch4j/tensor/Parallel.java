package org.flowmatch4j.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A small, bounded pool of worker threads for data-parallel loops, shared by the kernels.
 *
 * <p>The thread count is read once from the system property {@code fm4j.threads} (default: the
 * number of available processors) and can be changed with {@link #setThreads(int)}. {@link
 * #run(int, IntConsumer)} runs independent parts; threads claim parts one at a time, so a thread
 * that the operating system delays does not hold the others up. Which thread runs a part never
 * changes what the part computes: kernels split products by blocks of output rows and elementwise
 * maps at multiples of the vector length, so results are reproducible bit for bit.
 *
 * <p>The pool serves one parallel loop at a time. A call made while the pool is busy (from another
 * thread, or from inside a part) runs its parts one after another on the calling thread, which
 * gives the same results.
 */
public final class Parallel {
  /**
   * How long a waiting thread spins before it parks: long enough to catch the next product of a
   * training step without a wake-up delay, short enough not to steal a busy machine's cores.
   */
  private static final long SPIN_NANOS = 30_000L;

  private static volatile Pool pool = new Pool(defaultThreads());

  private Parallel() {}

  static int defaultThreads() {
    String p = System.getProperty("fm4j.threads");
    if (p == null || p.isBlank()) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int t = Integer.parseInt(p.trim());
      if (t >= 1) {
        return t;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException(
        "system property fm4j.threads must be a positive integer, got '" + p + "'");
  }

  /** The number of threads loops run on (the caller counts as one). */
  public static int threads() {
    return pool.threads;
  }

  /**
   * Sets the number of threads (at least 1; 1 means no worker threads). Must not be called while a
   * parallel loop is running.
   */
  public static synchronized void setThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
    }
    if (threads != pool.threads) {
      Pool old = pool;
      pool = new Pool(threads);
      old.shutdown();
    }
  }

  /**
   * Runs {@code body.accept(p)} for every part {@code p} in {@code [0, parts)}, in parallel, and
   * returns when all parts are done. The first exception thrown by a part is rethrown here. Passing
   * a body object that is created once (not a capturing lambda per call) keeps the call free of
   * allocation.
   */
  public static void run(int parts, IntConsumer body) {
    pool.run(parts, body);
  }

  private static final class Pool {
    final int threads;
    final Worker[] workers;
    final AtomicBoolean busy = new AtomicBoolean();
    final AtomicInteger remaining = new AtomicInteger();
    final AtomicInteger next = new AtomicInteger();
    volatile IntConsumer body;
    volatile int parts;
    volatile Thread caller;
    volatile Throwable failure;
    volatile boolean stopped;

    Pool(int threads) {
      this.threads = threads;
      workers = new Worker[threads - 1];
      for (int w = 0; w < workers.length; w++) {
        workers[w] = new Worker(this, w + 1);
        workers[w].start();
      }
    }

    void run(int parts, IntConsumer body) {
      if (parts <= 0) {
        return;
      }
      if (workers.length == 0 || parts == 1 || !busy.compareAndSet(false, true)) {
        for (int p = 0; p < parts; p++) {
          body.accept(p);
        }
        return;
      }
      try {
        int active = Math.min(workers.length, parts - 1);
        this.body = body;
        this.parts = parts;
        this.failure = null;
        this.caller = Thread.currentThread();
        next.set(0);
        remaining.set(active);
        for (int w = 0; w < active; w++) {
          workers[w].wake();
        }
        try {
          claimParts(body, parts);
        } finally {
          awaitWorkers();
        }
        Throwable f = failure;
        if (f != null) {
          failure = null;
          if (f instanceof RuntimeException) {
            throw (RuntimeException) f;
          }
          if (f instanceof Error) {
            throw (Error) f;
          }
          throw new IllegalStateException(f);
        }
      } finally {
        this.body = null;
        busy.set(false);
      }
    }

    /** Runs parts claimed from the shared counter until none is left. */
    void claimParts(IntConsumer body, int parts) {
      for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
        body.accept(p);
      }
    }

    private void awaitWorkers() {
      long start = System.nanoTime();
      while (remaining.get() > 0) {
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(this, 100_000L); // the last worker unparks us sooner
        }
      }
    }

    void shutdown() {
      stopped = true;
      for (Worker w : workers) {
        LockSupport.unpark(w);
      }
    }
  }

  private static final class Worker extends Thread {
    private final Pool pool;
    private volatile long generation;

    Worker(Pool pool, int index) {
      super("fm4j-worker-" + index);
      this.pool = pool;
      setDaemon(true);
    }

    void wake() {
      generation++;
      LockSupport.unpark(this);
    }

    @Override
    public void run() {
      long seen = 0;
      while (!pool.stopped) {
        long start = System.nanoTime();
        while (generation == seen && !pool.stopped) {
          if (System.nanoTime() - start < SPIN_NANOS) {
            Thread.onSpinWait();
          } else {
            LockSupport.park(this);
          }
        }
        if (pool.stopped) {
          return;
        }
        seen = generation;
        try {
          pool.claimParts(pool.body, pool.parts);
        } catch (Throwable t) {
          if (pool.failure == null) {
            pool.failure = t;
          }
        } finally {
          if (pool.remaining.decrementAndGet() == 0) {
            LockSupport.unpark(pool.caller);
          }
        }
      }
    }
  }
}
