package org.flowmatch4j.data.counts;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.SparseMatrix;

/**
 * Writes an AnnData's counts as a 10x Matrix Market folder the way Cell Ranger does: {@code
 * matrix.mtx} (genes x cells, entries sorted by cell, then gene), {@code features.tsv} (id {@code
 * ENSG<j>}, the var index as name, {@code Gene Expression}) and {@code barcodes.tsv} (the obs index),
 * all gzipped or all plain.
 */
public final class TenxFixture {
  private TenxFixture() {}

  /** Writes {@code a} (X of integer counts) into the folder {@code dir} (created) and returns it. */
  public static Path write(AnnData a, Path dir, boolean gzip) throws IOException {
    Files.createDirectories(dir);
    SparseMatrix x = a.requireX() instanceof SparseMatrix s ? s.toCsr() : SparseMatrix.fromDense(a.requireX().toDense());
    String gz = gzip ? ".gz" : "";
    try (Writer w = writer(dir.resolve("matrix.mtx" + gz), gzip)) {
      w.write("%%MatrixMarket matrix coordinate integer general\n%metadata_json: {}\n");
      w.write(x.cols + " " + x.rows + " " + x.data.length + "\n");
      for (int i = 0; i < x.rows; i++) {
        for (int k = x.indptr[i]; k < x.indptr[i + 1]; k++) {
          if (x.data[k] != Math.rint(x.data[k])) {
            throw new IllegalArgumentException("cell " + i + ": " + x.data[k] + " is not a count");
          }
          w.write((x.indices[k] + 1) + " " + (i + 1) + " " + (long) x.data[k] + "\n");
        }
      }
    }
    String[] genes = a.var().index();
    try (Writer w = writer(dir.resolve("features.tsv" + gz), gzip)) {
      for (int j = 0; j < genes.length; j++) {
        w.write("ENSG" + j + "\t" + genes[j] + "\tGene Expression\n");
      }
    }
    try (Writer w = writer(dir.resolve("barcodes.tsv" + gz), gzip)) {
      for (String c : a.obs().index()) {
        w.write(c + "\n");
      }
    }
    return dir;
  }

  private static Writer writer(Path file, boolean gzip) throws IOException {
    OutputStream o = Files.newOutputStream(file);
    return new OutputStreamWriter(gzip ? new GZIPOutputStream(o) : o, StandardCharsets.UTF_8);
  }
}
