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
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DataFrame;

/**
 * The three files of a 10x Genomics Matrix Market folder as Cell Ranger writes it: {@code
 * matrix.mtx[.gz]} (genes x cells), {@code features.tsv[.gz]} (gene id, gene name, feature type) or
 * the older {@code genes.tsv[.gz]} (id, name), and {@code barcodes.tsv[.gz]} (one cell per line).
 * Files ending in {@code .gz} are read through gzip. Empty lines of the TSV files are skipped.
 *
 * @param dir the folder
 * @param matrixFile its {@code matrix.mtx} or {@code matrix.mtx.gz}
 * @param featuresFile its {@code features.tsv[.gz]} or {@code genes.tsv[.gz]}
 * @param barcodesFile its {@code barcodes.tsv[.gz]}
 */
public record TenxFolder(Path dir, Path matrixFile, Path featuresFile, Path barcodesFile) {
  /** The folder's files, the gzipped one first where both are there. */
  public static TenxFolder of(Path dir) {
    return new TenxFolder(dir, first(dir, "matrix.mtx.gz", "matrix.mtx"),
        first(dir, "features.tsv.gz", "features.tsv", "genes.tsv.gz", "genes.tsv"), first(dir, "barcodes.tsv.gz", "barcodes.tsv"));
  }

  /** True when {@code dir} is a folder holding a {@code matrix.mtx} or {@code matrix.mtx.gz}. */
  public static boolean is(Path dir) {
    return Files.isDirectory(dir) && (Files.isRegularFile(dir.resolve("matrix.mtx")) || Files.isRegularFile(dir.resolve("matrix.mtx.gz")));
  }

  /** The cell barcodes (first field of each line), in file order. */
  public String[] barcodes() {
    List<String[]> rows = tsv(barcodesFile);
    String[] cells = new String[rows.size()];
    for (int i = 0; i < cells.length; i++) {
      cells[i] = rows.get(i)[0];
    }
    return cells;
  }

  /**
   * The genes as var: the gene names as index (scanpy's {@code var_names="gene_symbols"}), {@code
   * gene_ids}, and {@code feature_types} when every line has a third field.
   */
  public DataFrame var() {
    List<String[]> rows = tsv(featuresFile);
    String[] names = new String[rows.size()];
    String[] ids = new String[names.length];
    String[] types = new String[names.length];
    boolean hasTypes = true;
    for (int g = 0; g < names.length; g++) {
      String[] f = rows.get(g);
      if (f.length < 2) {
        throw new IllegalArgumentException(featuresFile + " line " + (g + 1) + ": expected a gene id and a gene name separated by a tab");
      }
      ids[g] = f[0];
      names[g] = f[1];
      hasTypes &= f.length >= 3;
      types[g] = f.length >= 3 ? f[2] : null;
    }
    DataFrame var = new DataFrame("_index", names);
    var.put("gene_ids", new Column.Strings(ids));
    if (hasTypes) {
      var.put("feature_types", new Column.Strings(types));
    }
    return var;
  }

  /**
   * The byte offsets (in the decompressed stream) at which the barcodes of cells {@code bounds[i]}
   * start: the start of the bounds[i]-th non-empty line, or the end of the file for a bound equal to
   * the number of cells.
   *
   * @param bounds non-decreasing cell indices, none above the number of barcodes
   */
  public long[] barcodeOffsets(int[] bounds) {
    long[] out = new long[bounds.length];
    try (ByteLines in = new ByteLines(stream(barcodesFile))) {
      int b = 0;
      long cell = 0;
      while (b < bounds.length) {
        long start = in.position();
        boolean more = in.next();
        while (b < bounds.length && bounds[b] == cell && (!more || in.length() > 0)) {
          out[b++] = start;
        }
        if (!more) {
          break;
        }
        if (in.length() > 0) {
          cell++;
        }
      }
      if (b < bounds.length) {
        throw new IllegalArgumentException(barcodesFile + ": has " + cell + " barcodes, fewer than cell " + bounds[b]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(barcodesFile + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** {@code count} barcodes from byte {@code offset} on (found by {@link #barcodeOffsets}). */
  public String[] barcodes(long offset, int count) {
    String[] out = new String[count];
    try (BufferedReader in = reader(barcodesFile, offset)) {
      int i = 0;
      while (i < count) {
        String line = in.readLine();
        if (line == null) {
          throw new IllegalArgumentException(barcodesFile + ": ends before " + count + " barcodes from byte " + offset + " were read");
        }
        if (!line.isEmpty()) {
          out[i++] = line.split("\t", -1)[0];
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(barcodesFile + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** The file's bytes, decompressed when its name ends in {@code .gz}. */
  static InputStream stream(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
  }

  /**
   * The file's text from byte {@code offset} of its (decompressed) content on: a plain file is
   * entered by seeking, a gzipped one by decompressing and dropping the bytes before the offset.
   */
  static BufferedReader reader(Path file, long offset) throws IOException {
    InputStream in;
    if (file.getFileName().toString().endsWith(".gz")) {
      in = stream(file);
      in.skipNBytes(offset);
    } else {
      java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file);
      ch.position(offset);
      in = java.nio.channels.Channels.newInputStream(ch);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  private static List<String[]> tsv(Path file) {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader in = reader(file, 0)) {
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
