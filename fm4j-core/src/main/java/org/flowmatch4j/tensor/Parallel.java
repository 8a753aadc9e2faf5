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
 * #run(int, IntConsumer)} splits work into parts and assigns part {@code p} to thread {@code p %
 * threads}, statically. Kernels split products by output rows only, so every output element is
 * computed by the same arithmetic whatever the thread count: results are reproducible bit for bit.
 *
 * <p>The pool serves one parallel loop at a time. A call made while the pool is busy (from another
 * thread, or from inside a part) runs its parts one after another on the calling thread, which
 * gives the same results.
 */
public final class Parallel {
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
        remaining.set(active);
        for (int w = 0; w < active; w++) {
          workers[w].wake();
        }
        try {
          for (int p = 0; p < parts; p += threads) {
            body.accept(p);
          }
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

    private void awaitWorkers() {
      int spins = 0;
      while (remaining.get() > 0) {
        if (spins < 20_000) {
          spins++;
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(this, 50_000L);
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
    private final int index;
    private volatile long generation;

    Worker(Pool pool, int index) {
      super("fm4j-worker-" + index);
      this.pool = pool;
      this.index = index;
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
        int spins = 0;
        while (generation == seen && !pool.stopped) {
          if (spins < 20_000) {
            spins++;
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
          IntConsumer b = pool.body;
          int parts = pool.parts;
          for (int p = index; p < parts; p += pool.threads) {
            b.accept(p);
          }
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
