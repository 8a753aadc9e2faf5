package org.flowmatch4j.data.h5ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link H5ad#readXRows}: the rows of X alone, as the whole X's rows, for CSR, legacy CSR and dense files. */
class H5adXRowsTest {
  @ParameterizedTest
  @ValueSource(strings = {"moscot_temporal_tests.h5ad", "kang_valid.h5ad", "pbmc68k_reduced.h5ad"})
  void rowsOfXAloneAreTheRowsOfTheWholeX(String name) {
    Path f = SharedData.require(name);
    AnnData a = H5ad.read(f);
    int n = a.nObs();
    int[] rows = {n - 1, 3, 4, 5, 0, n / 2};
    DataMatrix got = H5ad.readXRows(f, rows);
    DataMatrix want = a.requireX().selectRows(rows);
    assertEquals(want.storage(), got.storage());
    assertEquals(want.dtype(), got.dtype());
    assertArrayEquals(want.toDense().data, got.toDense().data);
    assertEquals(0, H5ad.readXRows(f, new int[0]).rows());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 250})
  void aRowOutsideTheMatrixIsRefusedByNameAndIndex(int row) {
    Path f = SharedData.require("moscot_temporal_tests.h5ad");
    String m = assertThrows(IllegalArgumentException.class, () -> H5ad.readXRows(f, new int[] {0, row})).getMessage();
    assertTrue(m.contains(f.toString()) && m.contains("index " + row), m);
  }
}
