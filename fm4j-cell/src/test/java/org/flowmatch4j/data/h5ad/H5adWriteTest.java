package org.flowmatch4j.data.h5ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.Fixtures;
import org.flowmatch4j.data.NdArray;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.testing.DebianPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H5adWriteTest {
  @TempDir Path dir;

  /** An AnnData with every kind of element the writer supports. */
  static AnnData sample(boolean sparse) {
    int n = 5;
    int m = 4;
    Matrix x = new Matrix(n, m);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        x.set(i, j, (i + j) % 2 == 0 ? 0f : i * 10 + j);
      }
    }
    DataFrame obs = new DataFrame("_index", new String[] {"c0", "c1", "c2", "c3", "c4"});
    obs.put("time", new Column.Numeric(new double[] {0, 0.5, 1, 1.5, 2}, Dtype.FLOAT64));
    obs.put("count", new Column.Numeric(new double[] {1, 2, 3, 4, 5}, Dtype.INT32));
    obs.put("ok", new Column.Bool(new boolean[] {true, false, true, false, true}));
    obs.put("name", new Column.Strings(new String[] {"a", "b", "c", "d", "é"}));
    obs.put("condition", Column.Categorical.of(new String[] {"ctrl", "stim", "ctrl", "stim", "ctrl"}, false));
    obs.put("stage", new Column.Categorical(new int[] {0, 1, 2, -1, 1}, List.of("early", "mid", "late"), null, true));
    obs.put("day", new Column.Categorical(new int[] {0, 0, 1, 1, 2}, List.of("10.0", "10.5", "11.0"), new double[] {10, 10.5, 11}, false));
    obs.put("umi", new Column.NullableInt(new long[] {1, 0, 3, 4, 5}, new boolean[] {false, true, false, false, false}));
    obs.put("pass", new Column.NullableBool(new boolean[] {true, false, false, true, true}, new boolean[] {false, false, true, false, false}));
    DataFrame var = new DataFrame("_index", new String[] {"g0", "g1", "g2", "g3"});
    AnnData a = new AnnData(sparse ? SparseMatrix.fromDense(x) : DenseMatrix.of(x), obs, var);
    Matrix emb = new Matrix(n, 2);
    for (int i = 0; i < n; i++) {
      emb.set(i, 0, i);
      emb.set(i, 1, -i * 0.5f);
    }
    a.obsm().put("X_pca", DenseMatrix.of(emb));
    a.varm().put("PCs", DenseMatrix.of(new Matrix(m, 2)));
    a.layers().put("counts", SparseMatrix.fromDense(x));
    a.obsp().put("distances", SparseMatrix.fromDense(new Matrix(n, n)));
    a.uns().put("title", "sample");
    a.uns().put("k", 3L);
    a.uns().put("eps", 0.5);
    a.uns().put("flag", false);
    a.uns().put("weights", NdArray.of(new double[] {1, 2}));
    a.uns().put("names", NdArray.of(new String[] {"x", "y"}));
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("method", "umap");
    inner.put("n", 15L);
    a.uns().put("params", inner);
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("T cells/CD4", new String[] {"IL7R", "CCR7"});
    rec.put("score", new float[] {2.5f, 1.25f});
    a.uns().put("rank", new org.flowmatch4j.data.RecArray(rec, 2));
    return a;
  }

  @Test
  void roundTripThroughOurReader() throws IOException {
    for (boolean sparse : new boolean[] {false, true}) {
      AnnData a = sample(sparse);
      Path f = dir.resolve("rt" + sparse + ".h5ad");
      H5ad.write(f, a);
      AnnData b = H5ad.read(f);
      assertEquals(a.x().toDense(), b.x().toDense());
      assertEquals(a.x().storage(), b.x().storage());
      assertArrayEquals(a.obs().index(), b.obs().index());
      assertEquals(List.copyOf(a.obs().columns().keySet()), List.copyOf(b.obs().columns().keySet()));
      for (String c : a.obs().columns().keySet()) {
        assertEquals(a.obs().column(c).dtype(), b.obs().column(c).dtype(), c);
        assertArrayEquals(a.obsLabels(c), b.obsLabels(c), c);
      }
      assertTrue(((Column.Categorical) b.obsColumn("stage")).ordered());
      assertArrayEquals(new double[] {10, 10.5, 11}, ((Column.Categorical) b.obsColumn("day")).numericCategories());
      assertEquals(a.obsmDense("X_pca"), b.obsmDense("X_pca"));
      assertEquals("csr", b.layers().get("counts").storage());
      assertEquals("sample", b.uns().get("title"));
      assertEquals(3L, b.uns().get("k"));
      assertEquals(false, b.uns().get("flag"));
      assertEquals(Map.of("method", "umap", "n", 15L), b.uns().get("params"));
      org.flowmatch4j.data.RecArray rec = (org.flowmatch4j.data.RecArray) b.uns().get("rank");
      assertArrayEquals(new String[] {"IL7R", "CCR7"}, (String[]) rec.fields().get("T cells/CD4"));
      assertArrayEquals(new float[] {2.5f, 1.25f}, (float[]) rec.fields().get("score"));
    }
  }

  @Test
  void fixturesRoundTripUnchanged() throws IOException {
    for (String name : List.of("modern_dense_gzip", "modern_csc_plain", "legacy_layout", "v07_layout")) {
      AnnData a = H5ad.read(Fixtures.path("h5ad/" + name + ".h5ad"));
      Path f = dir.resolve(name + ".h5ad");
      H5ad.write(f, a);
      AnnData b = H5ad.read(f);
      assertEquals(a.x().toDense(), b.x().toDense(), name);
      assertEquals(a.obsm().keySet(), b.obsm().keySet(), name);
      for (String c : a.obs().columns().keySet()) {
        assertArrayEquals(a.obsLabels(c), b.obsLabels(c), name + " obs " + c);
      }
    }
  }

  @Test
  void anndataReadsWhatWeWrite() throws IOException {
    DebianPython.require("anndata");
    for (boolean sparse : new boolean[] {false, true}) {
      Path f = dir.resolve("interop" + sparse + ".h5ad");
      H5ad.write(f, sample(sparse));
      DebianPython.Result r = DebianPython.python(180, "-c", String.join("\n",
          "import sys, json, warnings",
          "warnings.simplefilter('ignore')",
          "import anndata as ad, numpy as np, scipy.sparse as sp",
          "a = ad.read_h5ad(sys.argv[1])",
          "X = a.X.toarray() if sp.issparse(a.X) else a.X",
          "o = a.obs",
          "print(json.dumps({",
          " 'shape': list(a.shape), 'sparse': bool(sp.issparse(a.X)), 'X': X.tolist(),",
          " 'obs_names': list(a.obs_names), 'var_names': list(a.var_names),",
          " 'dtypes': {c: str(o[c].dtype) for c in o.columns},",
          " 'condition': list(o['condition'].astype(str)), 'stage_ordered': bool(o['stage'].cat.ordered),",
          " 'stage': [None if v != v else v for v in o['stage'].tolist()],",
          " 'day': [float(c) for c in o['day'].cat.categories],",
          " 'umi_na': [bool(v) for v in o['umi'].isna()], 'pass_na': [bool(v) for v in o['pass'].isna()],",
          " 'name': list(o['name']), 'ok': [bool(v) for v in o['ok']],",
          " 'pca': a.obsm['X_pca'].tolist(), 'layers': list(a.layers.keys()), 'obsp': list(a.obsp.keys()),",
          " 'title': a.uns['title'], 'k': int(a.uns['k']), 'eps': float(a.uns['eps']), 'flag': bool(a.uns['flag']),",
          " 'weights': a.uns['weights'].tolist(), 'names': list(a.uns['names']), 'params': {k: (v if isinstance(v, str) else int(v)) for k, v in a.uns['params'].items()},",
          " 'rank': [list(a.uns['rank'].dtype.names), [str(v) for v in a.uns['rank']['T cells/CD4']], a.uns['rank']['score'].tolist()]",
          "}))"), f.toString());
      assertEquals(0, r.exitCode(), r.stderr());
      String json = r.stdout().strip();
      com.google.gson.JsonObject j = com.google.gson.JsonParser.parseString(json.substring(json.lastIndexOf('\n') + 1)).getAsJsonObject();
      assertEquals("[5,4]", j.get("shape").toString());
      assertEquals(sparse, j.get("sparse").getAsBoolean());
      assertEquals("[[0.0,1.0,0.0,3.0],[10.0,0.0,12.0,0.0],[0.0,21.0,0.0,23.0],[30.0,0.0,32.0,0.0],[0.0,41.0,0.0,43.0]]", j.get("X").toString());
      assertEquals("[\"c0\",\"c1\",\"c2\",\"c3\",\"c4\"]", j.get("obs_names").toString());
      assertEquals("{\"time\":\"float64\",\"count\":\"int32\",\"ok\":\"bool\",\"name\":\"object\",\"condition\":\"category\",\"stage\":\"category\",\"day\":\"category\",\"umi\":\"Int64\",\"pass\":\"boolean\"}", j.get("dtypes").toString());
      assertEquals("[\"ctrl\",\"stim\",\"ctrl\",\"stim\",\"ctrl\"]", j.get("condition").toString());
      assertTrue(j.get("stage_ordered").getAsBoolean());
      assertEquals("[\"early\",\"mid\",\"late\",null,\"mid\"]", j.get("stage").toString());
      assertEquals("[10.0,10.5,11.0]", j.get("day").toString());
      assertEquals("[false,true,false,false,false]", j.get("umi_na").toString());
      assertEquals("[false,false,true,false,false]", j.get("pass_na").toString());
      assertEquals("[\"a\",\"b\",\"c\",\"d\",\"é\"]", j.get("name").toString());
      assertEquals("[[0.0,0.0],[1.0,-0.5],[2.0,-1.0],[3.0,-1.5],[4.0,-2.0]]", j.get("pca").toString());
      assertEquals("[\"counts\"]", j.get("layers").toString());
      assertEquals("sample", j.get("title").getAsString());
      assertEquals(3, j.get("k").getAsInt());
      assertEquals(0.5, j.get("eps").getAsDouble());
      assertEquals("[1.0,2.0]", j.get("weights").toString());
      assertEquals("{\"method\":\"umap\",\"n\":15}", j.get("params").toString());
      assertEquals("[[\"T cells/CD4\",\"score\"],[\"IL7R\",\"CCR7\"],[2.5,1.25]]", j.get("rank").toString());
    }
  }

  @Test
  void h5dumpParsesWrittenFiles() throws Exception {
    Path h5dump = Path.of("/usr/bin/h5dump");
    assumeTrue(Files.isExecutable(h5dump), "skipped: h5dump (hdf5-tools) is absent");
    Path f = dir.resolve("dump.h5ad");
    H5ad.write(f, sample(true));
    Process p = new ProcessBuilder(h5dump.toString(), f.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("GROUP \"obsm\""), out);
  }

  @Test
  void failedWriteLeavesNothingAndKeepsTheOldFile() throws IOException {
    Path f = dir.resolve("atomic.h5ad");
    H5ad.write(f, sample(false));
    byte[] before = Files.readAllBytes(f);
    AnnData bad = sample(false);
    bad.uns().put("thing", new Object()); // not writable: fails after X, obs, ... were written
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> H5ad.write(f, bad));
    assertTrue(e.getMessage().contains("uns/thing"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(1, s.count(), "no temporary file is left behind");
    }
  }

  @Test
  void inconsistentShapesAreRejectedBeforeWriting() {
    AnnData a = sample(false);
    a.obsm().put("bad", DenseMatrix.of(new Matrix(3, 2)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> H5ad.write(dir.resolve("x.h5ad"), a));
    assertEquals("obsm/bad has 3 rows, expected 5", e.getMessage());
  }
}
