package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandsTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private JsonObject lastJson() {
    List<String> lines = out.toString().strip().lines().toList();
    return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
  }

  /** Poisson-like counts for 40 cells x 30 genes, two conditions. */
  private Path countsFile() throws IOException {
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    Matrix x = new Matrix(40, 30);
    for (int i = 0; i < x.data.length; i++) {
      x.data[i] = r.nextInt(1 + (i % 30) % 7) ;
    }
    x.data[0] += 1;
    AnnData a = new AnnData(SparseMatrix.fromDense(x), org.flowmatch4j.data.DataFrame.ofSize(40), org.flowmatch4j.data.DataFrame.ofSize(30));
    String[] cond = new String[40];
    for (int i = 0; i < 40; i++) {
      cond[i] = i % 2 == 0 ? "ctrl" : "stim";
    }
    a.obs().put("condition", Column.Categorical.of(cond, false));
    a.obsm().put("X_umap", DenseMatrix.of(new Matrix(40, 2)));
    Path f = dir.resolve("counts.h5ad");
    H5ad.write(f, a);
    return f;
  }

  @Test
  void inspectH5adAsTextAndJson() throws IOException {
    Path f = countsFile();
    assertEquals(0, run("inspect", f.toString()));
    String text = out.toString();
    assertTrue(text.startsWith("AnnData object with n_obs × n_vars = 40 × 30\n"), text);
    assertTrue(text.contains("X: csr float32 40 × 30, nnz = "), text);
    assertTrue(text.contains("condition                category (2 categories: ctrl, stim)"), text);
    assertTrue(text.contains("obsm: 'X_umap'"), text);
    out.getBuffer().setLength(0);
    assertEquals(0, run("inspect", f.toString(), "--json"));
    JsonObject j = lastJson();
    assertEquals(40, j.get("n_obs").getAsInt());
    assertEquals("csr", j.getAsJsonObject("X").get("storage").getAsString());
    assertEquals(2, j.getAsJsonArray("obs").get(0).getAsJsonObject().get("categories").getAsInt());
    assertEquals("[40,2]", j.getAsJsonObject("obsm").getAsJsonObject("X_umap").get("shape").toString());
  }

  @Test
  void inspectCsvAndNpyStyleFiles() throws IOException {
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, "samples,x1\n0,1.5\n1,2.5\n");
    assertEquals(0, run("inspect", csv.toString(), "--json"));
    JsonObject j = lastJson();
    assertEquals("csv", j.get("format").getAsString());
    assertEquals(2, j.get("rows").getAsInt());
  }

  @Test
  void preprocessCsvKeepsTheTimeColumnInObs() throws IOException {
    Path dygen = SharedData.require("dygen.csv");
    Path o = dir.resolve("dygen.h5ad");
    assertEquals(0, run("preprocess", dygen.toString(), "--obs-cols", "samples", "--pcs", "2", "--out", o.toString(), "--json"), err.toString());
    AnnData a = H5ad.read(o);
    assertEquals(5, a.nVars());
    assertEquals(2, a.obsmDense("X_pca").cols);
    assertEquals(0.0, a.obsTime("samples")[0]);
  }

  @Test
  void inspectSharedLegacyFile() {
    Path kang = SharedData.require("kang_valid.h5ad");
    assertEquals(0, run("inspect", kang.toString(), "--json"));
    JsonObject j = lastJson();
    assertEquals("legacy", j.get("layout").getAsString());
    assertEquals(643449, j.getAsJsonObject("X").get("nnz").getAsLong());
  }

  @Test
  void badInputExitsWithCode2AndOneLine() throws IOException {
    Path junk = dir.resolve("junk.h5ad");
    Files.writeString(junk, "not hdf5");
    assertEquals(Main.EXIT_BAD_INPUT, run("inspect", junk.toString()));
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertTrue(err.toString().contains(junk + ": not a readable HDF5 file"), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(Main.EXIT_BAD_INPUT, run("inspect", dir.resolve("missing.h5ad").toString()));
    assertTrue(err.toString().contains("no such file"), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(Main.EXIT_BAD_INPUT, run("inspect", dir.resolve("x.parquet").toString()));
    assertTrue(err.toString().contains("unknown file type"), err.toString());
    err.getBuffer().setLength(0);
    Path f = countsFile();
    assertEquals(Main.EXIT_BAD_INPUT, run("preprocess", f.toString(), "--out", dir.resolve("o.h5ad").toString(), "--pcs", "99"));
    assertTrue(err.toString().contains("number of components 99 must be in [1, min(n_obs, n_vars)] = [1, 30]"), err.toString());
    assertFalse(Files.exists(dir.resolve("o.h5ad")), "no partial output");
    err.getBuffer().setLength(0);
    assertEquals(Main.EXIT_BAD_INPUT, run("preprocess", f.toString(), "--out", dir.resolve("o.h5ad").toString(), "--target-sum", "-3"));
    assertTrue(err.toString().contains("--target-sum must be a positive number or 'median', got '-3'"), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(Main.EXIT_BAD_INPUT, run("preprocess", f.toString(), "--out", dir.resolve("o.h5ad").toString(), "--max-value", "3"));
    assertTrue(err.toString().contains("--max-value needs --scale"), err.toString());
  }

  @Test
  void preprocessWritesWhatScanpyWrites() throws IOException {
    Path f = countsFile();
    Path o = dir.resolve("pp.h5ad");
    assertEquals(0, run("preprocess", f.toString(), "--out", o.toString(), "--target-sum", "1e4", "--log1p",
        "--hvg", "10", "--scale", "--max-value", "10", "--pcs", "5", "--json"), err.toString());
    JsonObject j = lastJson();
    assertEquals("[\"normalize_total\",\"log1p\",\"highly_variable_genes\",\"scale\",\"pca\"]", j.get("steps").toString());
    assertEquals(10, j.get("highly_variable").getAsInt());
    AnnData a = H5ad.read(o);
    assertEquals("dense", a.x().storage());
    assertEquals(5, a.obsmDense("X_pca").cols);
    assertEquals(30, a.varm().get("PCs").rows());
    assertTrue(a.var().has("highly_variable"));
    assertTrue(a.var().has("dispersions_norm"));
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> pca = (java.util.Map<String, Object>) a.uns().get("pca");
    assertEquals(5, ((org.flowmatch4j.data.NdArray) pca.get("variance_ratio")).shape()[0]);
    // loadings of genes outside the HVG set are zero, as scanpy stores them
    Matrix pcs = a.varm().get("PCs").toDense();
    boolean[] hv = ((Column.Bool) a.var().column("highly_variable")).values();
    for (int g = 0; g < 30; g++) {
      if (!hv[g]) {
        for (int c = 0; c < 5; c++) {
          assertEquals(0f, pcs.get(g, c));
        }
      }
    }
  }

  @Test
  void preprocessRefusesToLogTwiceAndToRankScaledGenes() throws IOException {
    Path f = countsFile();
    Path once = dir.resolve("once.h5ad");
    assertEquals(0, run("preprocess", f.toString(), "--out", once.toString(), "--target-sum", "1e4", "--log1p", "--scale"), err.toString());
    err.getBuffer().setLength(0);
    Path twice = dir.resolve("twice.h5ad");
    assertEquals(Main.EXIT_BAD_INPUT, run("preprocess", once.toString(), "--out", twice.toString(), "--log1p"));
    assertTrue(err.toString().contains(once + ": uns/log1p says X is already log-transformed; --log1p would take the log twice"), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(Main.EXIT_BAD_INPUT, run("preprocess", once.toString(), "--out", twice.toString(), "--hvg", "5"));
    assertTrue(err.toString().contains("as scaled data do; highly variable genes (seurat) need log-normalised counts"), err.toString());
    assertFalse(Files.exists(twice), "no output");
  }

  @Test
  void preprocessCsvNeverTakesTheTimeLabelsForAGene() throws IOException {
    Path csv = dir.resolve("course.csv");
    Files.writeString(csv, "samples,g1,g2,g3\n0,1,2,3\n0,2,0,1\n1,4,1,0\n1,0,3,2\n");
    Path o = dir.resolve("course.h5ad");
    assertEquals(0, run("preprocess", csv.toString(), "--log1p", "--out", o.toString()), err.toString());
    AnnData a = H5ad.read(o);
    assertEquals(List.of("g1", "g2", "g3"), List.of(a.var().index()));
    assertEquals(1.0, a.obsTime("samples")[2]);
    Path typo = dir.resolve("typo.csv");
    Files.writeString(typo, "samples,g1,g2\n0,1,2\n0,2,x\n1,4,1\n");
    err.getBuffer().setLength(0);
    assertEquals(Main.EXIT_BAD_INPUT, run("preprocess", typo.toString(), "--out", o.toString()));
    assertTrue(err.toString().contains(typo + ": line 3, column 'g2': 'x' is not a number"), err.toString());
  }
}
