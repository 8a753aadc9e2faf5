package org.flowmatch4j.data.h5ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Fixtures;
import org.flowmatch4j.data.hdf5.H5Data;
import org.flowmatch4j.data.hdf5.Hdf5Writer;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H5adBadInputTest {
  @TempDir Path dir;

  private static IllegalArgumentException fails(Path f) {
    return assertThrows(IllegalArgumentException.class, () -> H5ad.read(f));
  }

  @Test
  void missingFile() {
    Path f = dir.resolve("nope.h5ad");
    assertEquals("no such file: " + f, fails(f).getMessage());
  }

  @Test
  void notHdf5() throws IOException {
    Path f = dir.resolve("text.h5ad");
    Files.writeString(f, "cell,gene\n1,2\n");
    IllegalArgumentException e = fails(f);
    assertTrue(e.getMessage().startsWith(f + ": not a readable HDF5 file"), e.getMessage());
  }

  @Test
  void emptyFile() throws IOException {
    Path f = dir.resolve("empty.h5ad");
    Files.write(f, new byte[0]);
    assertTrue(fails(f).getMessage().startsWith(f + ": not a readable HDF5 file"));
  }

  @Test
  void truncatedFile() throws IOException {
    byte[] all = Files.readAllBytes(Fixtures.path("h5ad/modern_csr_lzf.h5ad"));
    Path f = dir.resolve("cut.h5ad");
    Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
    IllegalArgumentException e = fails(f);
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
  }

  @Test
  void hdf5WithoutObs() throws IOException {
    Path f = dir.resolve("noobs.h5ad");
    try (Hdf5Writer w = Hdf5Writer.create(f)) {
      w.root().dataset("X", H5Data.of(new float[4], 2, 2), Map.of());
    }
    IllegalArgumentException e = fails(f);
    assertEquals(f + ": cannot read 'obs': missing (the file has [X])", e.getMessage());
  }

  @Test
  void wrongShapeOfX() throws IOException {
    AnnData a = AnnData.of(new Matrix(3, 2));
    Path good = dir.resolve("good.h5ad");
    H5ad.write(good, a);
    // rewrite with an X of the wrong shape by hand
    Path f = dir.resolve("shape.h5ad");
    try (Hdf5Writer w = Hdf5Writer.create(f)) {
      Hdf5Writer.Group r = w.root();
      r.dataset("X", H5Data.of(new float[8], 4, 2), Map.of("encoding-type", H5Data.scalar("array"), "encoding-version", H5Data.scalar("0.2.0")));
      frames(r);
    }
    IllegalArgumentException e = fails(f);
    assertEquals(f + ": cannot read 'X': has shape [4, 2], expected 3x2", e.getMessage());
  }

  /** Writes obs (cells a, b, c) and var (genes x, y) as empty AnnData dataframes under {@code r}. */
  private static void frames(Hdf5Writer.Group r) throws IOException {
    for (String frame : new String[] {"obs", "var"}) {
      Hdf5Writer.Group g = r.group(frame);
      g.attribute("_index", H5Data.scalar("_index"));
      g.attribute("column-order", H5Data.of(new double[0]));
      g.attribute("encoding-type", H5Data.scalar("dataframe"));
      g.attribute("encoding-version", H5Data.scalar("0.2.0"));
      g.dataset("_index", H5Data.of(frame.equals("obs") ? new String[] {"a", "b", "c"} : new String[] {"x", "y"}), Map.of());
      g.close();
    }
  }

  /** A 3 x 2 AnnData whose X is the sparse group of {@code encoding} with these arrays. */
  private Path sparseX(String name, String encoding, int[] indptr, int[] indices) throws IOException {
    Path f = dir.resolve(name);
    try (Hdf5Writer w = Hdf5Writer.create(f)) {
      Hdf5Writer.Group r = w.root();
      Hdf5Writer.Group x = r.group("X");
      x.attribute("encoding-type", H5Data.scalar(encoding));
      x.attribute("encoding-version", H5Data.scalar("0.1.0"));
      x.attribute("shape", H5Data.of(new long[] {3, 2}));
      x.dataset("data", H5Data.of(new float[indices.length]), Map.of());
      x.dataset("indices", H5Data.of(indices), Map.of());
      x.dataset("indptr", H5Data.of(indptr), Map.of());
      x.close();
      frames(r);
    }
    return f;
  }

  @Test
  void sparseIndicesOutsideTheMinorAxisAreNamed() throws IOException {
    Path csr = sparseX("csr.h5ad", "csr_matrix", new int[] {0, 1, 3, 4}, new int[] {1, 0, 2, 1});
    assertEquals(csr + ": cannot read 'X': index 2 at entry 2 is outside [0, 2)", fails(csr).getMessage());
    Path negative = sparseX("negative.h5ad", "csr_matrix", new int[] {0, 1, 3, 4}, new int[] {1, 0, 1, -1});
    assertEquals(negative + ": cannot read 'X': index -1 at entry 3 is outside [0, 2)", fails(negative).getMessage());
    // CSC: the indices are rows, of which there are three
    Path csc = sparseX("csc.h5ad", "csc_matrix", new int[] {0, 2, 4}, new int[] {0, 2, 1, 3});
    assertEquals(csc + ": cannot read 'X': index 3 at entry 3 is outside [0, 3)", fails(csc).getMessage());
    Path good = sparseX("good.h5ad", "csc_matrix", new int[] {0, 2, 4}, new int[] {0, 2, 1, 2});
    assertEquals(4, H5ad.read(good).requireX().nnz());
  }

  @Test
  void wrongDtypeForAColumn() throws IOException {
    Path f = dir.resolve("dtype.h5ad");
    try (Hdf5Writer w = Hdf5Writer.create(f)) {
      Hdf5Writer.Group r = w.root();
      Hdf5Writer.Group obs = r.group("obs");
      obs.attribute("_index", H5Data.scalar("_index"));
      obs.attribute("column-order", H5Data.of(new String[] {"ct"}));
      obs.attribute("encoding-type", H5Data.scalar("dataframe"));
      obs.dataset("_index", H5Data.of(new String[] {"a", "b"}), Map.of());
      Hdf5Writer.Group ct = obs.group("ct");
      ct.attribute("encoding-type", H5Data.scalar("categorical"));
      ct.dataset("codes", H5Data.of(new double[] {0.5, 1}), Map.of());
      ct.dataset("categories", H5Data.of(new String[] {"x", "y"}), Map.of());
      ct.close();
      obs.close();
      Hdf5Writer.Group var = r.group("var");
      var.attribute("_index", H5Data.scalar("_index"));
      var.dataset("_index", H5Data.of(new String[] {"g"}), Map.of());
      var.close();
    }
    IllegalArgumentException e = fails(f);
    assertEquals(f + ": cannot read 'obs/ct': 'codes' holds float64, expected integers", e.getMessage());
  }

  @Test
  void missingKeysAreNamed() throws IOException {
    Path f = Fixtures.path("h5ad/modern_dense_gzip.h5ad");
    AnnData a = H5ad.read(f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.obsmDense("X_tsne"));
    assertEquals(f + ": no obsm key 'X_tsne'; obsm has [X_pca, X_umap]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> H5ad.readObsm(f, "X_tsne"));
    assertEquals(f + ": no obsm key 'X_tsne'; obsm has [X_pca, X_umap]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> a.obsColumn("batch"));
    assertTrue(e.getMessage().startsWith(f + ": no obs column 'batch'; obs has [size, count"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> a.obsRows("cell_type", "Mono"));
    assertEquals(f + ": no cell has obs 'cell_type' = 'Mono'; values are [T, B, NK]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> a.obsTime("cell_type"));
    assertTrue(e.getMessage().contains("unordered categorical with non-numeric categories"), e.getMessage());
  }

  @Test
  void nonFiniteAndEmptyEmbeddingsAreRejectedWithTheKey() throws IOException {
    Matrix emb = new Matrix(3, 2);
    emb.set(1, 1, Float.NaN);
    AnnData a = AnnData.of(new Matrix(3, 2));
    a.obsm().put("X_pca", DenseMatrix.of(emb));
    a.obsm().put("X_empty", DenseMatrix.of(new Matrix(3, 0)));
    Path f = dir.resolve("nan.h5ad");
    H5ad.write(f, a);
    AnnData b = H5ad.read(f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.obsmDense("X_pca"));
    assertEquals(f + ": obsm/X_pca has a non-finite value (NaN) at row 1, column 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> b.obsmDense("X_empty"));
    assertEquals(f + ": obsm/X_empty is empty (3x0)", e.getMessage());
  }
}
