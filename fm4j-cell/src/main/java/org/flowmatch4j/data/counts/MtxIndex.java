package org.flowmatch4j.data.counts;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Where the cell ranges [b_i, b_(i+1)) of a genes x cells coordinate matrix sorted by cell (as
 * Cell Ranger writes it) start in its file: the byte offset in the (decompressed) file and the line
 * number of the first entry of a cell ≥ b_i, for every bound. A task reads range i as the
 * {@code lines[i+1] − lines[i]} lines from {@code offsets[i]} on ({@link MatrixMarket#readCells}).
 *
 * <p>{@link #of} reads the file once, start to end: it checks the header, that the file holds the
 * header's nnz entry lines, and that their cells (second field) lie in 1..cells and never
 * decrease; the genes and values are checked by the tasks.
 *
 * @param bounds 0 = b_0 ≤ ... ≤ b_P = cells
 * @param offsets per bound, the byte offset of its first entry (the end of the entries for b_P or
 *     when no later cell has entries)
 * @param lines per bound, the line number (1-based) of that entry
 */
public record MtxIndex(int[] bounds, long[] offsets, long[] lines) {
  /** Finds the bounds' offsets in {@code file}, a genes x cells matrix. */
  public static MtxIndex of(Path file, int genes, int cells, int[] bounds) {
    long[] offsets = new long[bounds.length];
    long[] lines = new long[bounds.length];
    long lineNo = 0;
    try (ByteLines in = new ByteLines(TenxFolder.stream(file))) {
      MatrixMarket.Header h = MatrixMarket.header(file, in::readLine, genes, cells);
      lineNo = h.line();
      int b = 0;
      long previous = 1;
      for (long k = 0; k < h.nnz(); k++) {
        long start = in.position();
        lineNo++;
        if (!in.next()) {
          throw new IllegalArgumentException(file + " line " + lineNo + ": the file ends after " + k + " of " + h.nnz() + " entries");
        }
        long c = cell(in, file, lineNo);
        if (c < 1 || c > cells) {
          throw new IllegalArgumentException(file + " line " + lineNo + ": cell " + c + " is outside the " + genes + " x " + cells + " matrix");
        }
        if (c < previous) {
          throw new IllegalArgumentException(file + " line " + lineNo + ": cell " + c + " after cell " + previous
              + "; the entries must be sorted by cell (column), as Cell Ranger writes them, to be split into cell ranges");
        }
        previous = c;
        for (; b < bounds.length && bounds[b] <= c - 1; b++) {
          offsets[b] = start;
          lines[b] = lineNo;
        }
      }
      for (; b < bounds.length; b++) {
        offsets[b] = in.position();
        lines[b] = lineNo + 1;
      }
    } catch (EOFException e) {
      throw new IllegalArgumentException(file + " line " + (lineNo + 1) + ": the gzip stream ends early; the file is truncated");
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    return new MtxIndex(bounds.clone(), offsets, lines);
  }

  /** The position i of range [from, to) = [b_i, b_(i+1)) among the bounds. */
  public int range(int from, int to) {
    for (int i = 0; i + 1 < bounds.length; i++) {
      if (bounds[i] == from && bounds[i + 1] == to) {
        return i;
      }
    }
    throw new IllegalArgumentException("cells " + from + " to " + to + " are not one of the indexed ranges");
  }

  /** The number of entry lines of range i. */
  public long entries(int i) {
    return lines[i + 1] - lines[i];
  }

  /**
   * The cell of an entry line: its second whitespace-separated field, read from the bytes when the
   * line is three fields of digits, else through the text so that a malformed line gets the
   * single reader's message.
   */
  private static long cell(ByteLines in, Path file, long lineNo) {
    byte[] b = in.bytes();
    int n = in.length();
    int field = 0;
    long c = 0;
    int i = 0;
    boolean plain = true;
    while (i < n) {
      while (i < n && (b[i] == ' ' || b[i] == '\t')) {
        i++;
      }
      if (i == n) {
        break;
      }
      int start = i;
      while (i < n && b[i] != ' ' && b[i] != '\t') {
        if (field < 2 && (b[i] < '0' || b[i] > '9')) {
          plain = false;
        }
        if (field == 1) {
          c = 10 * c + (b[i] - '0');
        }
        i++;
      }
      if (field == 1 && i - start > 18) {
        plain = false;
      }
      field++;
    }
    if (plain && field == 3) {
      return c;
    }
    String[] t = in.text().trim().split("\\s+");
    if (t.length != 3) {
      throw new IllegalArgumentException(file + " line " + lineNo + ": expected 'gene cell value', got '" + in.text() + "'");
    }
    MatrixMarket.integer(t[0], file, lineNo);
    return MatrixMarket.integer(t[1], file, lineNo);
  }
}
