package org.flowmatch4j.data.counts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.SparseMatrix;

/**
 * A 10x Genomics Matrix Market folder as Cell Ranger writes it: {@code matrix.mtx[.gz]} (genes x
 * cells, coordinate format, 1-based, {@code integer} or {@code real} values that must be
 * non-negative integers), {@code features.tsv[.gz]} (gene id, gene name, feature type) or the older
 * {@code genes.tsv} (id, name), and {@code barcodes.tsv[.gz]}. The result is cells x genes in CSR
 * with the gene names as var index (scanpy's {@code var_names="gene_symbols"}), {@code gene_ids}
 * (and {@code feature_types}) as var columns, and the barcodes as obs index.
 */
public final class MatrixMarket {
  private MatrixMarket() {}

  /** Reads the folder; errors name the file and line. */
  public static AnnData readTenX(Path dir) {
    Path mtx = first(dir, "matrix.mtx.gz", "matrix.mtx");
    Path features = first(dir, "features.tsv.gz", "features.tsv", "genes.tsv.gz", "genes.tsv");
    Path barcodes = first(dir, "barcodes.tsv.gz", "barcodes.tsv");
    List<String[]> featureRows = tsv(features);
    List<String[]> barcodeRows = tsv(barcodes);
    String[] cells = new String[barcodeRows.size()];
    for (int i = 0; i < cells.length; i++) {
      cells[i] = barcodeRows.get(i)[0];
    }
    String[] names = new String[featureRows.size()];
    String[] ids = new String[names.length];
    String[] types = new String[names.length];
    boolean hasTypes = true;
    for (int g = 0; g < names.length; g++) {
      String[] f = featureRows.get(g);
      if (f.length < 2) {
        throw new IllegalArgumentException(features + " line " + (g + 1) + ": expected a gene id and a gene name separated by a tab");
      }
      ids[g] = f[0];
      names[g] = f[1];
      hasTypes &= f.length >= 3;
      types[g] = f.length >= 3 ? f[2] : null;
    }
    SparseMatrix x = read(mtx, names.length, cells.length);
    DataFrame obs = new DataFrame("_index", cells);
    DataFrame var = new DataFrame("_index", names);
    var.put("gene_ids", new Column.Strings(ids));
    if (hasTypes) {
      var.put("feature_types", new Column.Strings(types));
    }
    AnnData a = new AnnData(x, obs, var);
    a.setSource(dir);
    return a;
  }

  /**
   * Reads a genes x cells coordinate matrix and returns it transposed, cells x genes, in CSR
   * (entries of a cell sorted by gene).
   */
  static SparseMatrix read(Path file, int genes, int cells) {
    try (BufferedReader in = open(file)) {
      String header = in.readLine();
      if (header == null || !header.startsWith("%%MatrixMarket")) {
        throw new IllegalArgumentException(file + " line 1: expected a %%MatrixMarket header");
      }
      String[] h = header.trim().toLowerCase(java.util.Locale.ROOT).split("\\s+");
      if (h.length < 5 || !h[1].equals("matrix") || !h[2].equals("coordinate") || !h[4].equals("general")
          || !(h[3].equals("integer") || h[3].equals("real"))) {
        throw new IllegalArgumentException(file + " line 1: expected 'matrix coordinate integer|real general', got '" + header + "'");
      }
      int lineNo = 1;
      String line;
      do {
        line = in.readLine();
        lineNo++;
      } while (line != null && (line.startsWith("%") || line.isBlank()));
      if (line == null) {
        throw new IllegalArgumentException(file + ": no size line");
      }
      long[] size = numbers(line, 3, file, lineNo);
      if (size[0] != genes || size[1] != cells) {
        throw new IllegalArgumentException(file + " line " + lineNo + ": the matrix is " + size[0] + " x " + size[1]
            + " but the folder lists " + genes + " genes and " + cells + " barcodes");
      }
      int nnz = Math.toIntExact(size[2]);
      int[] gene = new int[nnz];
      int[] cell = new int[nnz];
      float[] value = new float[nnz];
      for (int k = 0; k < nnz; k++) {
        line = in.readLine();
        lineNo++;
        if (line == null) {
          throw new IllegalArgumentException(file + ": ends after " + k + " of " + nnz + " entries");
        }
        String[] t = line.trim().split("\\s+");
        if (t.length != 3) {
          throw new IllegalArgumentException(file + " line " + lineNo + ": expected 'gene cell value', got '" + line + "'");
        }
        long r = integer(t[0], file, lineNo);
        long c = integer(t[1], file, lineNo);
        if (r < 1 || r > genes || c < 1 || c > cells) {
          throw new IllegalArgumentException(file + " line " + lineNo + ": entry (" + r + ", " + c + ") is outside the "
              + genes + " x " + cells + " matrix");
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
        cell[k] = (int) c - 1;
        value[k] = (float) v;
      }
      // CSR by cell in file order; two counting-sort transposes sort each cell's genes
      return new SparseMatrix(SparseMatrix.Format.CSR, cells, genes, pointers(cell, cells), sortedBy(cell, gene, cells),
          sortedValues(cell, value, cells), Dtype.INT32).convert().convert();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
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

  private static long[] numbers(String line, int count, Path file, int lineNo) {
    String[] t = line.trim().split("\\s+");
    if (t.length != count) {
      throw new IllegalArgumentException(file + " line " + lineNo + ": expected " + count + " integers, got '" + line + "'");
    }
    long[] out = new long[count];
    for (int k = 0; k < count; k++) {
      out[k] = integer(t[k], file, lineNo);
    }
    return out;
  }

  private static long integer(String s, Path file, int lineNo) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + " line " + lineNo + ": '" + s + "' is not an integer");
    }
  }

  private static List<String[]> tsv(Path file) {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader in = open(file)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isEmpty()) {
          rows.add(line.split("\t", -1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    return rows;
  }

  private static BufferedReader open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  private static Path first(Path dir, String... names) {
    for (String n : names) {
      Path p = dir.resolve(n);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IllegalArgumentException(dir + ": not a 10x matrix folder; it has none of " + String.join(", ", names));
  }
}
