package org.flowmatch4j.data.counts;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.SparseMatrix;

/**
 * A 10x Genomics Matrix Market folder as Cell Ranger writes it ({@link TenxFolder}): {@code
 * matrix.mtx[.gz]} holds genes x cells in coordinate format, 1-based, with {@code integer} or
 * {@code real} values that must be non-negative integers. The result is cells x genes in CSR with
 * the folder's var ({@link TenxFolder#var}) and the barcodes as obs index.
 *
 * <p>{@link #readCells} reads the cells [from, to) alone, from the byte offset that {@link MtxIndex}
 * found: the distributed reader's task.
 */
public final class MatrixMarket {
  private MatrixMarket() {}

  /**
   * The size line of a coordinate matrix.
   *
   * @param line the size line's number (1-based); the entries are the nnz lines after it
   */
  record Header(long rows, long cols, long nnz, long line) {}

  /** A source of text lines (null at the end). */
  interface Lines {
    String readLine() throws IOException;
  }

  /** Reads the folder; errors name the file and line. */
  public static AnnData readTenX(Path dir) {
    TenxFolder f = TenxFolder.of(dir);
    DataFrame var = f.var();
    String[] cells = f.barcodes();
    SparseMatrix x = read(f.matrixFile(), var.size(), cells.length);
    AnnData a = new AnnData(x, new DataFrame("_index", cells), var);
    a.setSource(dir);
    return a;
  }

  /**
   * Reads a genes x cells coordinate matrix and returns it transposed, cells x genes, in CSR
   * (entries of a cell sorted by gene).
   */
  static SparseMatrix read(Path file, int genes, int cells) {
    try (BufferedReader in = TenxFolder.reader(file, 0)) {
      Header h = header(file, in::readLine, genes, cells);
      return entries(file, in, h.line() + 1, Math.toIntExact(h.nnz()), genes, 0, cells);
    } catch (EOFException e) {
      throw truncated(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The cells [from, to) of a genes x cells coordinate matrix sorted by cell, cells x genes in CSR:
   * the {@code count} entry lines from byte {@code offset} of the (decompressed) file on, the first
   * of them line {@code line}, as {@link MtxIndex} found them.
   *
   * @throws IllegalArgumentException naming the file and line of an entry that is not a count or
   *     not a cell of the range
   */
  public static SparseMatrix readCells(Path file, int genes, int from, int to, long offset, long line, long count) {
    try (BufferedReader in = TenxFolder.reader(file, offset)) {
      return entries(file, in, line, Math.toIntExact(count), genes, from, to);
    } catch (EOFException e) {
      throw truncated(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks the header line and reads the size line, skipping comments and blank lines.
   *
   * @throws IllegalArgumentException naming the line when the matrix is not a general coordinate
   *     matrix of {@code genes} x {@code cells}
   */
  static Header header(Path file, Lines in, int genes, int cells) throws IOException {
    String header = in.readLine();
    if (header == null || !header.startsWith("%%MatrixMarket")) {
      throw new IllegalArgumentException(file + " line 1: expected a %%MatrixMarket header");
    }
    String[] h = header.trim().toLowerCase(java.util.Locale.ROOT).split("\\s+");
    if (h.length < 5 || !h[1].equals("matrix") || !h[2].equals("coordinate") || !h[4].equals("general")
        || !(h[3].equals("integer") || h[3].equals("real"))) {
      throw new IllegalArgumentException(file + " line 1: expected 'matrix coordinate integer|real general', got '" + header + "'");
    }
    long lineNo = 1;
    String line;
    do {
      line = in.readLine();
      lineNo++;
    } while (line != null && (line.startsWith("%") || line.isBlank()));
    if (line == null) {
      throw new IllegalArgumentException(file + ": no size line");
    }
    String[] t = line.trim().split("\\s+");
    if (t.length != 3) {
      throw new IllegalArgumentException(file + " line " + lineNo + ": expected 3 integers, got '" + line + "'");
    }
    long[] size = new long[3];
    for (int k = 0; k < 3; k++) {
      size[k] = integer(t[k], file, lineNo);
    }
    if (size[0] != genes || size[1] != cells) {
      throw new IllegalArgumentException(file + " line " + lineNo + ": the matrix is " + size[0] + " x " + size[1]
          + " but the folder lists " + genes + " genes and " + cells + " barcodes");
    }
    return new Header(size[0], size[1], size[2], lineNo);
  }

  /** The message of a file that ends early (a gzip stream cut short). */
  static IllegalArgumentException truncated(Path file) {
    return new IllegalArgumentException(file + ": the gzip stream ends early; the file is truncated");
  }

  /** {@code nnz} entry lines, the first numbered {@code first}, of cells [from, to), as the cells x genes CSR matrix. */
  private static SparseMatrix entries(Path file, BufferedReader in, long first, int nnz, int genes, int from, int to)
      throws IOException {
    int[] gene = new int[nnz];
    int[] cell = new int[nnz];
    float[] value = new float[nnz];
    long lineNo = first - 1;
    for (int k = 0; k < nnz; k++) {
      String line = in.readLine();
      lineNo++;
      if (line == null) {
        throw new IllegalArgumentException(file + " line " + lineNo + ": the file ends after " + k + " of " + nnz + " entries");
      }
      String[] t = line.trim().split("\\s+");
      if (t.length != 3) {
        throw new IllegalArgumentException(file + " line " + lineNo + ": expected 'gene cell value', got '" + line + "'");
      }
      long r = integer(t[0], file, lineNo);
      long c = integer(t[1], file, lineNo);
      if (r < 1 || r > genes || c <= from || c > to) {
        throw new IllegalArgumentException(file + " line " + lineNo + ": entry (" + r + ", " + c + ") is outside the "
            + genes + " x " + to + " matrix" + (from == 0 ? "" : "'s cells " + (from + 1) + " to " + to));
      }
      double v;
      try {
        v = Double.parseDouble(t[2]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + " line " + lineNo + ": value '" + t[2] + "' is not a number");
      }
      if (!(v >= 0) || v != Math.rint(v) || v > Counts.MAX_EXACT) {
        throw new IllegalArgumentException(file + " line " + lineNo + ": value " + t[2] + " (gene " + r + ", cell " + c
            + ") is not a count; counts must be non-negative integers up to 2^24");
      }
      gene[k] = (int) r - 1;
      cell[k] = (int) c - 1 - from;
      value[k] = (float) v;
    }
    int rows = to - from;
    // CSR by cell in file order; two counting-sort transposes sort each cell's genes
    return new SparseMatrix(SparseMatrix.Format.CSR, rows, genes, pointers(cell, rows), sortedBy(cell, gene, rows),
        sortedValues(cell, value, rows), Dtype.INT32).convert().convert();
  }

  private static int[] pointers(int[] major, int n) {
    int[] ptr = new int[n + 1];
    for (int m : major) {
      ptr[m + 1]++;
    }
    for (int i = 0; i < n; i++) {
      ptr[i + 1] += ptr[i];
    }
    return ptr;
  }

  private static int[] sortedBy(int[] major, int[] minor, int n) {
    int[] next = java.util.Arrays.copyOf(pointers(major, n), n);
    int[] out = new int[minor.length];
    for (int k = 0; k < minor.length; k++) {
      out[next[major[k]]++] = minor[k];
    }
    return out;
  }

  private static float[] sortedValues(int[] major, float[] v, int n) {
    int[] next = java.util.Arrays.copyOf(pointers(major, n), n);
    float[] out = new float[v.length];
    for (int k = 0; k < v.length; k++) {
      out[next[major[k]]++] = v[k];
    }
    return out;
  }

  static long integer(String s, Path file, long lineNo) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + " line " + lineNo + ": '" + s + "' is not an integer");
    }
  }
}
