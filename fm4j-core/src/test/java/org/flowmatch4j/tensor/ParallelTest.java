package org.flowmatch4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
  private final int before = Parallel.threads();

  @AfterEach
  void restore() {
    Parallel.setThreads(before);
  }

  @Test
  void everyPartRunsExactlyOnce() {
    for (int threads : new int[] {1, 2, 4}) {
      Parallel.setThreads(threads);
      AtomicIntegerArray runs = new AtomicIntegerArray(37);
      Parallel.run(37, runs::incrementAndGet);
      for (int p = 0; p < 37; p++) {
        assertEquals(1, runs.get(p), "part " + p + " with " + threads + " threads");
      }
    }
  }

  @Test
  void nestedLoopsRunOnTheCallingThread() {
    Parallel.setThreads(2);
    AtomicIntegerArray runs = new AtomicIntegerArray(16);
    Parallel.run(4, outer -> Parallel.run(4, inner -> runs.incrementAndGet(outer * 4 + inner)));
    for (int i = 0; i < 16; i++) {
      assertEquals(1, runs.get(i));
    }
  }

  @Test
  void aFailingPartIsRethrownToTheCaller() {
    Parallel.setThreads(3);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Parallel.run(9, p -> {
          if (p == 5) {
            throw new IllegalStateException("part 5 failed");
          }
        }));
    assertEquals("part 5 failed", e.getMessage());
    AtomicIntegerArray runs = new AtomicIntegerArray(3);
    Parallel.run(3, runs::incrementAndGet); // the pool still works
    assertEquals(1, runs.get(2));
  }

  @Test
  void invalidThreadCountsAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
    assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
  }
}
