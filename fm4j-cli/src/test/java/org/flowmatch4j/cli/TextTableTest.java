package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
  @Test
  void columnsAreAsWideAsTheirWidestCellAndTwoSpacesApart() {
    List<String> lines = TextTable.lines(List.of(
        List.of("space / metric", "mean_shift", "mean_shift_per_context"),
        List.of("genes r2", "0.8720", "0.9001")));
    assertEquals(List.of(
        "space / metric  mean_shift  mean_shift_per_context",
        "genes r2            0.8720                  0.9001"), lines);
  }
}
