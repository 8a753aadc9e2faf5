package org.flowmatch4j.data.counts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountsTest {
  @TempDir Path tmp;

  /** 3 cells x 4 genes. */
  private static final float[] COUNTS = {0, 2, 0, 5, 1, 0, 0, 0, 7, 3, 1, 0};

  private static AnnData cells(float[] x, Dtype dtype) {
    AnnData a = new AnnData(new DenseMatrix(new Matrix(3, 4, x.clone()), dtype), new DataFrame("_index",
        new String[] {"c0", "c1", "c2"}), new DataFrame("_index", new String[] {"g0", "g1", "g2", "g3"}));
    return a;
  }

  @Test
  void readsXLayersCountsAndRawXExactly() throws IOException {
    Path x = tmp.resolve("x.h5ad");
    H5ad.write(x, cells(COUNTS, Dtype.INT32));
    AnnData layered = cells(new float[12], Dtype.FLOAT32);
    for (int k = 0; k < 12; k++) {
      layered.x().toDense().data[k] = (float) Math.log1p(COUNTS[k]) * 0.5f;
    }
    layered.layers().put("counts", new DenseMatrix(new Matrix(3, 4, COUNTS.clone()), Dtype.INT64));
    Path l = tmp.resolve("layer.h5ad");
    H5ad.write(l, layered);
    AnnData withRaw = cells(new float[12], Dtype.FLOAT32).selectVars(new int[] {0, 1});
    withRaw.setRaw(new AnnData.Raw(SparseMatrix.fromDense(new Matrix(3, 4, COUNTS.clone())), cells(COUNTS, Dtype.INT32).var(), Map.of()));
    Path r = tmp.resolve("raw.h5ad");
    H5ad.write(r, withRaw);

    for (AnnData a : new AnnData[] {Counts.read(x, CountLayer.AUTO), Counts.read(l, CountLayer.AUTO),
        Counts.read(l, CountLayer.LAYER_COUNTS), Counts.read(r, CountLayer.RAW_X)}) {
      assertArrayEquals(COUNTS, a.requireX().toDense().data);
      assertEquals("csr", a.requireX().storage());
      assertArrayEquals(new String[] {"g0", "g1", "g2", "g3"}, a.var().index());
      assertArrayEquals(new double[] {7, 1, 11}, Counts.librarySize(a));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Counts.read(l, CountLayer.X));
    assertTrue(e.getMessage().contains("X is not a count matrix: cell 'c0' (row 0), gene 'g1'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Counts.read(x, CountLayer.RAW_X));
    assertTrue(e.getMessage().contains("has no raw/X"), e.getMessage());
  }

  @Test
  void negativeAndFractionalCountsAreNamed() throws IOException {
    float[] neg = COUNTS.clone();
    neg[6] = -1;
    Path p = tmp.resolve("neg.h5ad");
    H5ad.write(p, cells(neg, Dtype.FLOAT32));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Counts.read(p, CountLayer.X));
    assertTrue(e.getMessage().contains("cell 'c1' (row 1), gene 'g2' (column 2) holds -1.0; counts must be non-negative"),
        e.getMessage());
    float[] frac = COUNTS.clone();
    frac[11] = 0.25f;
    Path q = tmp.resolve("frac.h5ad");
    H5ad.write(q, cells(frac, Dtype.FLOAT32));
    e = assertThrows(IllegalArgumentException.class, () -> Counts.read(q, CountLayer.AUTO));
    assertTrue(e.getMessage().contains("cell 'c2' (row 2), gene 'g3' (column 3) holds 0.25; counts must be integers"),
        e.getMessage());
  }

  @Test
  void sizeFactorsAreLibraryOverItsMean() {
    assertArrayEquals(new double[] {0.75, 0, 2.25}, Counts.sizeFactors(new double[] {2, 0, 6}), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> Counts.sizeFactors(new double[] {0, 0}));
  }

  private void write(Path file, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    if (file.getFileName().toString().endsWith(".gz")) {
      try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
        o.write(b);
      }
    } else {
      Files.write(file, b);
    }
  }

  /** COUNTS as a genes x cells Matrix Market body, entries in file order by cell. */
  private static String mtx(String field) {
    StringBuilder sb = new StringBuilder("%%MatrixMarket matrix coordinate " + field + " general\n%comment\n");
    int nnz = 0;
    StringBuilder body = new StringBuilder();
    for (int c = 0; c < 3; c++) {
      for (int g = 3; g >= 0; g--) {
        float v = COUNTS[c * 4 + g];
        if (v != 0) {
          body.append(g + 1).append(' ').append(c + 1).append(' ').append((int) v).append('\n');
          nnz++;
        }
      }
    }
    return sb.append("4 3 ").append(nnz).append('\n').append(body).toString();
  }

  @Test
  void readsTenXFoldersPlainAndGzipped() throws IOException {
    Path v3 = Files.createDirectories(tmp.resolve("v3"));
    write(v3.resolve("matrix.mtx.gz"), mtx("integer"));
    write(v3.resolve("features.tsv.gz"), "E0\tg0\tGene Expression\nE1\tg1\tGene Expression\nE2\tg2\tGene Expression\nE3\tg3\tGene Expression\n");
    write(v3.resolve("barcodes.tsv.gz"), "c0\nc1\nc2\n");
    Path v2 = Files.createDirectories(tmp.resolve("v2"));
    write(v2.resolve("matrix.mtx"), mtx("real"));
    write(v2.resolve("genes.tsv"), "E0\tg0\nE1\tg1\nE2\tg2\nE3\tg3\n");
    write(v2.resolve("barcodes.tsv"), "c0\nc1\nc2\n");
    for (Path dir : new Path[] {v3, v2}) {
      AnnData a = Counts.read(dir, CountLayer.AUTO);
      assertArrayEquals(COUNTS, a.requireX().toDense().data, dir.toString());
      SparseMatrix s = (SparseMatrix) a.requireX();
      for (int i = 0; i < s.rows; i++) {
        int[] row = Arrays.copyOfRange(s.indices, s.indptr[i], s.indptr[i + 1]);
        int[] sorted = row.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, row);
      }
      assertArrayEquals(new String[] {"c0", "c1", "c2"}, a.obs().index());
      assertArrayEquals(new String[] {"g0", "g1", "g2", "g3"}, a.var().index());
      assertEquals("E2", a.var().column("gene_ids").label(2));
    }
  }

  @Test
  void tenXValuesThatAreNotCountsAreNamedByLine() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("bad"));
    write(dir.resolve("matrix.mtx"), mtx("real").replace("2 1 2\n", "2 1 0.5\n"));
    write(dir.resolve("genes.tsv"), "E0\tg0\nE1\tg1\nE2\tg2\nE3\tg3\n");
    write(dir.resolve("barcodes.tsv"), "c0\nc1\nc2\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Counts.read(dir, CountLayer.AUTO));
    assertTrue(e.getMessage().contains("matrix.mtx line 5: value 0.5 (gene 2, cell 1) is not a count"), e.getMessage());
    write(dir.resolve("matrix.mtx"), mtx("integer").replace("4 1 5\n", "4 1 -5\n"));
    e = assertThrows(IllegalArgumentException.class, () -> Counts.read(dir, CountLayer.AUTO));
    assertTrue(e.getMessage().contains("value -5 (gene 4, cell 1) is not a count"), e.getMessage());
    Files.delete(dir.resolve("barcodes.tsv"));
    e = assertThrows(IllegalArgumentException.class, () -> Counts.read(dir, CountLayer.AUTO));
    assertTrue(e.getMessage().contains("not a 10x matrix folder"), e.getMessage());
  }

  @Test
  void sharedCountFilesReadAsIntegers() {
    AnnData mouse = Counts.read(SharedData.require("mouse10k_counts.h5ad"), CountLayer.AUTO);
    assertEquals(10_000, mouse.nObs());
    assertEquals(1_000, mouse.nVars());
    double[] lib = Counts.librarySize(mouse);
    assertEquals(1_597_698, Arrays.stream(lib).sum());
    double[] sorted = lib.clone();
    Arrays.sort(sorted);
    assertEquals(137, 0.5 * (sorted[4999] + sorted[5000]));
    AnnData pbmc = Counts.read(SharedData.require("pbmc68k_counts.h5ad"), CountLayer.AUTO);
    assertEquals(486_651, Arrays.stream(Counts.librarySize(pbmc)).sum());
  }
}
