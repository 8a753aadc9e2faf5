package org.flowmatch4j.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the threads a benchmarked computation runs on: the calling thread and the worker
 * threads of {@link org.flowmatch4j.tensor.Parallel} (named {@code fm4j-worker-N}), spinning
 * included; not the JIT's or the collector's threads. Read per thread, so to the nanosecond rather
 * than to the clock tick of the process's total, and disturbed much less by the machine's other
 * work than wall-clock time.
 */
final class WorkingThreadsCpu {
  private WorkingThreadsCpu() {}

  /** CPU nanoseconds used so far by the calling thread and the pool's workers. */
  static long nanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long t = threads.getCurrentThreadCpuTime();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("fm4j-worker-")) {
        t += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return t;
  }
}
