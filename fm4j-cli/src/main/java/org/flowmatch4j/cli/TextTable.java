package org.flowmatch4j.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for the terminal: every column as wide as its widest cell, columns two spaces
 * apart, the first column left-aligned and the others right-aligned.
 */
final class TextTable {
  private TextTable() {}

  /** The lines of the table of {@code rows} (the first row is the header), without trailing spaces. */
  static List<String> lines(List<List<String>> rows) {
    int columns = 0;
    for (List<String> r : rows) {
      columns = Math.max(columns, r.size());
    }
    int[] width = new int[columns];
    for (List<String> r : rows) {
      for (int c = 0; c < r.size(); c++) {
        width[c] = Math.max(width[c], r.get(c).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> r : rows) {
      StringBuilder b = new StringBuilder();
      for (int c = 0; c < r.size(); c++) {
        String cell = r.get(c);
        if (c == 0) {
          b.append(cell).append(" ".repeat(width[0] - cell.length()));
        } else {
          b.append("  ").append(" ".repeat(width[c] - cell.length())).append(cell);
        }
      }
      lines.add(b.toString().stripTrailing());
    }
    return lines;
  }
}
