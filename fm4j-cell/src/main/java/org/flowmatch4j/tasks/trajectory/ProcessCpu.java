package org.flowmatch4j.tasks.trajectory;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this process (every thread of the JVM: kernels, batch preparation, JIT and GC), read
 * next to wall-clock time so that the cost of plans and training can be compared on a machine whose
 * other work steals wall-clock time.
 */
final class ProcessCpu {
  private ProcessCpu() {}

  /** CPU seconds this process has used so far, or NaN where the JVM does not report them. */
  static double seconds() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      long ns = os.getProcessCpuTime();
      return ns < 0 ? Double.NaN : ns / 1e9;
    }
    return Double.NaN;
  }
}
