package org.flowmatch4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"le_f4", "be_f4", "le_f8", "be_f8", "le_i1", "na_u1", "le_i2", "be_i2", "le_i4", "be_i4", "le_i8", "be_i8", "le_u2", "le_u4", "le_u8"})
  void everyDtypeAndByteOrder(String dt) throws IOException {
    NdArray a = Npy.read(Fixtures.path("npy/arr_" + dt + ".npy"));
    assertArrayEquals(new long[] {3, 4}, a.shape());
    double[] v = a.asDoubles();
    for (int i = 0; i < 12; i++) {
      assertEquals(i, v[i], dt);
    }
    Matrix m = Npy.toMatrix(a, dt);
    assertEquals(7f, m.get(1, 3));
  }

  @Test
  void fortranOrderBoolAndOneDim() throws IOException {
    Matrix f = Npy.readMatrix(Fixtures.path("npy/arr_fortran.npy"));
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        assertEquals((i * 4 + j) * 1.5f, f.get(i, j));
      }
    }
    NdArray b = Npy.read(Fixtures.path("npy/arr_bool.npy"));
    assertEquals(Dtype.BOOL, b.dtype());
    assertTrue(((boolean[]) b.data())[2]);
    Matrix one = Npy.readMatrix(Fixtures.path("npy/arr_1d.npy"));
    assertEquals(3, one.rows);
    assertEquals(1, one.cols);
    assertEquals(3.25f, one.get(2, 0));
  }

  @Test
  void npzStoredAndDeflated() throws IOException {
    for (String name : new String[] {"stored.npz", "deflated.npz"}) {
      Map<String, NdArray> z = Npy.readNpz(Fixtures.path("npy/" + name));
      assertEquals(java.util.List.of("a", "b"), java.util.List.copyOf(z.keySet()));
      assertEquals(11.0, z.get("a").asDoubles()[11]);
      assertArrayEquals(new long[] {1, 2, 3}, (long[]) z.get("b").data());
    }
  }

  @Test
  void rejectedWithReasons() throws IOException {
    Path obj = Fixtures.path("npy/arr_object.npy");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(obj));
    assertTrue(e.getMessage().startsWith(obj + ": object arrays (dtype |O) need Python's pickle"), e.getMessage());
    Path nan = Fixtures.path("npy/arr_nan.npy");
    e = assertThrows(IllegalArgumentException.class, () -> Npy.readMatrix(nan));
    assertEquals(nan + ": non-finite value at row 0, column 1", e.getMessage());
    Path junk = dir.resolve("junk.npy");
    Files.writeString(junk, "not numpy at all");
    e = assertThrows(IllegalArgumentException.class, () -> Npy.read(junk));
    assertEquals(junk + ": not a .npy file (bad magic)", e.getMessage());
    byte[] full = Files.readAllBytes(Fixtures.path("npy/arr_le_f8.npy"));
    Path cut = dir.resolve("cut.npy");
    Files.write(cut, java.util.Arrays.copyOf(full, full.length - 8));
    e = assertThrows(IllegalArgumentException.class, () -> Npy.read(cut));
    assertTrue(e.getMessage().startsWith(cut + ": truncated data"), e.getMessage());
    Path zip = dir.resolve("bad.npz");
    Files.writeString(zip, "PK not really");
    e = assertThrows(IllegalArgumentException.class, () -> Npy.readNpz(zip));
    assertTrue(e.getMessage().startsWith(zip + ": not a valid .npz"), e.getMessage());
  }
}
