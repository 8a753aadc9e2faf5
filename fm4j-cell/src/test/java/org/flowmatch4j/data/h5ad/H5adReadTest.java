package org.flowmatch4j.data.h5ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.Fixtures;
import org.flowmatch4j.data.NdArray;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class H5adReadTest {
  static final int N = 12;
  static final int M = 8;

  static void assertX(DataMatrix x) {
    assertEquals(N, x.rows());
    assertEquals(M, x.cols());
    Matrix d = x.toDense();
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < M; j++) {
        assertEquals(Fixtures.x(i, j), d.get(i, j), 1e-6, "X[" + i + "," + j + "]");
      }
    }
  }

  static void assertPca(Matrix p) {
    assertEquals(N, p.rows);
    assertEquals(3, p.cols);
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < 3; k++) {
        assertEquals(Fixtures.pca(i, k), p.get(i, k), 1e-6);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"modern_dense_gzip", "modern_csr_lzf", "modern_csc_plain"})
  void modernFilesReadCompletely(String name) {
    AnnData a = H5ad.read(Fixtures.path("h5ad/" + name + ".h5ad"));
    assertX(a.x());
    assertEquals(name.contains("dense") ? "dense" : name.contains("csr") ? "csr" : "csc", a.x().storage());
    assertEquals("cell3", a.obs().index()[3]);
    assertEquals("gene7", a.var().index()[7]);
    Map<String, Column> c = a.obs().columns();
    assertEquals(List.of("size", "count", "flag", "barcode", "cell_type", "stage", "day", "n_umi", "passed"), List.copyOf(c.keySet()));
    assertEquals("float64", c.get("size").dtype());
    assertEquals(4.5, ((Column.Numeric) c.get("size")).values()[3]);
    assertEquals("int64", c.get("count").dtype());
    assertArrayEquals(new boolean[] {true, false, true}, java.util.Arrays.copyOf(((Column.Bool) c.get("flag")).values(), 3));
    assertEquals("BC011", ((Column.Strings) c.get("barcode")).values()[11]);
    Column.Categorical ct = (Column.Categorical) c.get("cell_type");
    assertEquals(List.of("B", "NK", "T"), ct.categories());
    assertFalse(ct.ordered());
    assertEquals("NK", ct.label(2));
    Column.Categorical stage = (Column.Categorical) c.get("stage");
    assertTrue(stage.ordered());
    assertEquals(List.of("early", "mid", "late"), stage.categories());
    Column.Categorical day = (Column.Categorical) c.get("day");
    assertArrayEquals(new double[] {10.0, 10.5, 11.0}, day.numericCategories());
    Column.NullableInt umi = (Column.NullableInt) c.get("n_umi");
    assertTrue(umi.mask()[3]);
    assertEquals(14, umi.values()[2]);
    Column.NullableBool passed = (Column.NullableBool) c.get("passed");
    assertTrue(passed.mask()[5]);
    assertTrue(passed.values()[3]);
    assertTrue(((Column.Bool) a.var().column("highly_variable")).values()[1]);
    assertPca(a.obsmDense("X_pca"));
    assertEquals(Math.sin(5), a.obsmDense("X_umap").get(5, 1 - 1), 1e-6);
    assertEquals(3, a.varm().get("PCs").cols());
    assertEquals("csr", a.layers().get("counts").storage());
    assertEquals(Math.round(Fixtures.x(4, 5) * 4), a.layers().get("counts").toDense().get(4, 5));
    assertEquals(0.5f, a.obsp().get("connectivities").toDense().get(7, 7));
    assertX(a.raw().x());
    assertEquals("tiny", a.uns().get("title"));
    assertEquals(7L, a.uns().get("n"));
    assertEquals(0.25, a.uns().get("eps"));
    assertEquals(true, a.uns().get("flag"));
    assertArrayEquals(new double[] {1.0, 2.0, 3.5}, ((NdArray) a.uns().get("weights")).asDoubles());
    assertArrayEquals(new String[] {"a", "b"}, (String[]) ((NdArray) a.uns().get("labels")).data());
    NdArray grid = (NdArray) a.uns().get("grid");
    assertArrayEquals(new long[] {2, 3}, grid.shape());
    @SuppressWarnings("unchecked")
    Map<String, Object> nested = (Map<String, Object>) a.uns().get("nested");
    assertEquals("umap", nested.get("method"));
    assertEquals(Map.of("k", 3L), nested.get("inner"));
    assertTrue(a.notes().isEmpty(), a.notes().toString());
  }

  @Test
  void int64IndptrAndShuffledChunksAndNoColumns() {
    AnnData a = H5ad.read(Fixtures.path("h5ad/modern_csr_int64.h5ad"));
    assertX(a.x());
    assertTrue(a.obs().columns().isEmpty());
    assertTrue(a.var().columns().isEmpty());
  }

  @Test
  void anndata07Layout() {
    AnnData a = H5ad.read(Fixtures.path("h5ad/v07_layout.h5ad"));
    assertX(a.x());
    Column.Categorical ct = (Column.Categorical) a.obsColumn("cell_type");
    assertEquals(List.of("B", "NK", "T"), ct.categories());
    assertEquals("T", ct.label(0));
    assertEquals("B", ct.label(1));
    assertEquals(1.5, ((Column.Numeric) a.obsColumn("size")).values()[1]);
    assertPca(a.obsmDense("X_pca"));
    assertEquals("umap", a.uns().get("method"));
  }

  @Test
  void legacyLayout() {
    AnnData a = H5ad.read(Fixtures.path("h5ad/legacy_layout.h5ad"));
    assertX(a.x());
    assertEquals("csr", a.x().storage());
    assertEquals("cell4", a.obs().index()[4]);
    assertArrayEquals(new String[] {"control", "stimulated", "control"}, java.util.Arrays.copyOf(a.obsLabels("condition"), 3));
    assertArrayEquals(new String[] {"T", "B", "NK"}, java.util.Arrays.copyOf(a.obsLabels("cell_type"), 3));
    assertEquals(300.0, ((Column.Numeric) a.obsColumn("n_counts")).values()[3]);
    assertPca(a.obsmDense("X_pca"));
    assertEquals(Math.cos(3), a.obsmDense("X_umap").get(3, 1), 1e-6);
    assertEquals(9.0, ((Column.Numeric) a.var().column("n_cells")).values()[3]);
    assertFalse(a.uns().containsKey("condition_categories"), "category labels moved into the categoricals");
  }

  @ParameterizedTest
  @ValueSource(strings = {"modern_dense_gzip", "modern_csr_lzf", "modern_csc_plain", "legacy_layout"})
  void lazyReadsMatchTheFullRead(String name) {
    Path f = Fixtures.path("h5ad/" + name + ".h5ad");
    AnnData full = H5ad.read(f);
    int[] rows = {11, 2, 3, 4, 0};
    int[] cols = {7, 1, 1, 0};
    AnnData part = H5ad.read(f, ReadOptions.all().withRows(rows).withCols(cols));
    assertEquals(full.x().selectRows(rows).selectCols(cols).toDense(), part.x().toDense());
    assertEquals(full.x().storage(), part.x().storage());
    assertArrayEquals(new String[] {"cell11", "cell2", "cell3", "cell4", "cell0"}, part.obs().index());
    assertArrayEquals(new String[] {"gene7", "gene1", "gene1", "gene0"}, part.var().index());
    assertEquals(full.obsmDense("X_pca").rows(rows), part.obsmDense("X_pca"));
    assertEquals(full.obsLabels("cell_type")[11], part.obsLabels("cell_type")[0]);
    AnnData meta = H5ad.read(f, ReadOptions.metadata().withObsm("X_pca"));
    assertNull(meta.x());
    assertEquals(List.of("X_pca"), List.copyOf(meta.obsm().keySet()));
    assertPca(H5ad.readObsm(f, "X_pca"));
    assertEquals(N, H5ad.readObs(f).size());
  }

  @Test
  void sharedFilesRead() {
    AnnData kang = H5ad.read(SharedData.require("kang_valid.h5ad"));
    assertEquals(1975, kang.nObs());
    assertEquals(6998, kang.nVars());
    assertEquals(643449, kang.x().nnz());
    String[] cond = kang.obsLabels("condition");
    String[] type = kang.obsLabels("cell_type");
    int cd4Control = 0;
    int cd4Stim = 0;
    for (int i = 0; i < cond.length; i++) {
      if (type[i].equals("CD4T")) {
        cd4Control += cond[i].equals("control") ? 1 : 0;
        cd4Stim += cond[i].equals("stimulated") ? 1 : 0;
      }
    }
    assertEquals(278, cd4Control);
    assertEquals(356, cd4Stim);
    assertEquals(50, kang.obsmDense("X_pca").cols);

    AnnData pbmc = H5ad.read(SharedData.require("pbmc68k_reduced.h5ad"));
    assertEquals("dense", pbmc.x().storage());
    assertEquals(700, pbmc.nObs());
    assertEquals(765, pbmc.raw().x().cols());
    assertEquals(10, ((Column.Categorical) pbmc.obsColumn("bulk_labels")).categories().size());

    AnnData moscot = H5ad.read(SharedData.require("moscot_temporal_tests.h5ad"));
    double[] t = moscot.obsTime("day");
    assertEquals(10.0, java.util.Arrays.stream(t).min().orElseThrow());
    assertEquals(11.0, java.util.Arrays.stream(t).max().orElseThrow());
    assertEquals(0.5, moscot.uns().get("eps"));
    assertArrayEquals(new long[] {85, 81}, ((NdArray) moscot.uns().get("tmap_10_105")).shape());

    AnnData pancreas = H5ad.read(SharedData.require("pancreas_100obs_preprocessed.h5ad"));
    assertEquals(List.of("Ms", "Mu", "spliced", "unspliced"), List.copyOf(pancreas.layers().keySet()));
    assertTrue(pancreas.x() instanceof SparseMatrix);
  }

  @Test
  void sharedFileRowSelectionReadsOnlyThoseRows() {
    Path kang = SharedData.require("kang_valid.h5ad");
    AnnData full = H5ad.read(kang);
    int[] cd4 = full.obsRows("cell_type", "CD4T");
    AnnData part = H5ad.read(kang, ReadOptions.all().withRows(cd4));
    assertEquals(full.x().selectRows(cd4).toDense(), part.x().toDense());
    assertEquals(cd4.length, part.nObs());
  }

  @Test
  void summaryDescribesWithoutLoading() {
    H5adSummary s = H5ad.summarize(Fixtures.path("h5ad/modern_csr_lzf.h5ad"));
    assertEquals("anndata>=0.8", s.layout());
    assertEquals("csr", s.x().storage());
    assertEquals(64, s.x().nnz());
    assertEquals(3, s.matrices().get("obsm").get("X_pca").cols());
    assertEquals("legacy", H5ad.summarize(Fixtures.path("h5ad/legacy_layout.h5ad")).layout());
    assertEquals("anndata-0.7", H5ad.summarize(Fixtures.path("h5ad/v07_layout.h5ad")).layout());
  }
}
