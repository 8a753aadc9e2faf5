package org.flowmatch4j.data.counts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.hdf5.H5Data;
import org.flowmatch4j.data.hdf5.Hdf5Writer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenxH5Test {
  @TempDir Path dir;

  /** genes x barcodes [[1, 0, 4], [0, 2, 0]] in CSC by barcode, with the given data values. */
  private Path write(H5Data data) throws Exception {
    Path f = dir.resolve("filtered_feature_bc_matrix.h5");
    try (Hdf5Writer w = Hdf5Writer.create(f)) {
      Hdf5Writer.Group m = w.root().group("matrix");
      m.dataset("barcodes", H5Data.of(new String[] {"AAA-1", "CCC-1", "GGG-1"}), Map.of());
      m.dataset("data", data, Map.of());
      m.dataset("indices", H5Data.of(new long[] {0, 1, 0}, 3), Map.of());
      m.dataset("indptr", H5Data.of(new long[] {0, 1, 2, 3}, 4), Map.of());
      m.dataset("shape", H5Data.of(new int[] {2, 3}, 2), Map.of());
      Hdf5Writer.Group g = m.group("features");
      g.dataset("id", H5Data.of(new String[] {"ENSG1", "ENSG2"}), Map.of());
      g.dataset("name", H5Data.of(new String[] {"CD3E", "MS4A1"}), Map.of());
      g.dataset("feature_type", H5Data.of(new String[] {"Gene Expression", "Gene Expression"}), Map.of());
      g.close();
      m.close();
    }
    return f;
  }

  @Test
  void readsBarcodesByGenesAsCsr() throws Exception {
    AnnData a = Counts.read(write(H5Data.of(new int[] {1, 2, 4}, 3)), CountLayer.AUTO);
    assertArrayEquals(new String[] {"AAA-1", "CCC-1", "GGG-1"}, a.obs().index());
    assertArrayEquals(new String[] {"CD3E", "MS4A1"}, a.var().index());
    assertArrayEquals(new float[] {1, 0, 0, 2, 4, 0}, a.requireX().toDense().data);
    assertEquals("ENSG2", ((org.flowmatch4j.data.Column.Strings) a.var().column("gene_ids")).values()[1]);
  }

  @Test
  void aFractionalCountIsNamed() throws Exception {
    Path f = write(H5Data.of(new float[] {1, 2.5f, 4}, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Counts.read(f, CountLayer.AUTO));
    assertTrue(e.getMessage().contains("barcode 'CCC-1', gene 'MS4A1' holds 2.5"), e.getMessage());
  }
}
