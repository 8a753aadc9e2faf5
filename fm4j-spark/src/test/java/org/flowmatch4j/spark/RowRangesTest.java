package org.flowmatch4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RowRangesTest {
  @Test
  void evenSplitCoversEveryRowOnceWithSizesDifferingByAtMostOne() {
    RowRanges r = RowRanges.even(10, 3);
    assertArrayEquals(new int[] {0, 3, 6, 10}, r.bounds());
    assertEquals(10, r.rows());
    assertEquals(3, r.size());
    assertArrayEquals(new int[] {6, 7, 8, 9}, RowRanges.indices(r.ranges().get(2)));
  }

  @Test
  void moreRangesThanRowsGivesEmptyRanges() {
    assertArrayEquals(new int[] {0, 0, 1, 1, 2}, RowRanges.even(2, 4).bounds());
  }

  @Test
  void refusesZeroPartitionsAndDecreasingBounds() {
    assertEquals("--partitions must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> RowRanges.even(5, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RowRanges(new int[] {0, 4, 3}));
    assertThrows(IllegalArgumentException.class, () -> new RowRanges(new int[] {1, 4}));
  }
}
