package org.flowmatch4j.data.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flowmatch4j.testing.DebianPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5WriterTest {
  @TempDir Path dir;

  @Test
  void lookup3MatchesTheReferenceValues() {
    // from Bob Jenkins' lookup3.c self-test
    assertEquals(0xdeadbeef, Lookup3.hash(new byte[0], 0, 0));
    byte[] s = "Four score and seven years ago".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0x17770551, Lookup3.hash(s, 0, s.length));
  }

  private Path writeSample() throws IOException {
    Path f = dir.resolve("sample.h5");
    String[] many = new String[70_000]; // more objects than one global heap collection holds
    for (int i = 0; i < many.length; i++) {
      many[i] = "cell" + i;
    }
    try (Hdf5Writer w = Hdf5Writer.create(f)) {
      Hdf5Writer.Group root = w.root();
      root.attribute("title", H5Data.scalar("süß"));
      Hdf5Writer.Group g = root.group("g");
      g.attribute("order", H5Data.of(new String[] {"a", "béta", ""}));
      g.attribute("empty", H5Data.of(new double[0]));
      g.attribute("flag", H5Data.scalar(true));
      g.attribute("shape", H5Data.of(new long[] {3, 4}));
      g.dataset("f32", H5Data.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), Map.of("kind", H5Data.scalar("array")));
      g.dataset("f64", H5Data.of(new double[] {0.5, -1e300}), Map.of());
      g.dataset("i8", H5Data.of(new byte[] {-1, 127}), Map.of());
      g.dataset("i16", H5Data.of(new short[] {-1, 300}), Map.of());
      g.dataset("i32", H5Data.of(new int[] {-1, 70000}), Map.of());
      g.dataset("i64", H5Data.of(new long[] {Long.MIN_VALUE, 5}), Map.of());
      g.dataset("bool", H5Data.of(new boolean[] {true, false, true}), Map.of());
      g.dataset("strings", H5Data.of(new String[] {"ab", "", "ünï"}), Map.of());
      g.dataset("many", H5Data.of(many), Map.of());
      g.dataset("scalar", H5Data.scalar(2.5), Map.of());
      g.dataset("none", H5Data.of(new float[0]), Map.of());
      Hdf5Writer.Group deep = g.group("deep");
      deep.dataset("x", H5Data.scalar(7L), Map.of());
      deep.close();
      g.close();
    }
    return f;
  }

  @Test
  void jhdfReadsEveryTypeBack() throws IOException {
    Path f = writeSample();
    try (HdfFile h = new HdfFile(f)) {
      assertEquals("süß", h.getAttribute("title").getData());
      Group g = (Group) h.getChild("g");
      assertArrayEquals(new String[] {"a", "béta", ""}, (String[]) g.getAttribute("order").getData());
      assertArrayEquals(new long[] {3, 4}, (long[]) g.getAttribute("shape").getData());
      Dataset f32 = h.getDatasetByPath("g/f32");
      assertArrayEquals(new int[] {2, 3}, f32.getDimensions());
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, (float[]) f32.getDataFlat());
      assertEquals("array", f32.getAttribute("kind").getData());
      assertArrayEquals(new double[] {0.5, -1e300}, (double[]) h.getDatasetByPath("g/f64").getData());
      assertArrayEquals(new byte[] {-1, 127}, (byte[]) h.getDatasetByPath("g/i8").getData());
      assertArrayEquals(new short[] {-1, 300}, (short[]) h.getDatasetByPath("g/i16").getData());
      assertArrayEquals(new int[] {-1, 70000}, (int[]) h.getDatasetByPath("g/i32").getData());
      assertArrayEquals(new long[] {Long.MIN_VALUE, 5}, (long[]) h.getDatasetByPath("g/i64").getData());
      assertArrayEquals(new String[] {"TRUE", "FALSE", "TRUE"}, (String[]) h.getDatasetByPath("g/bool").getData());
      assertArrayEquals(new String[] {"ab", "", "ünï"}, (String[]) h.getDatasetByPath("g/strings").getData());
      String[] many = (String[]) h.getDatasetByPath("g/many").getData();
      assertEquals(70_000, many.length);
      assertEquals("cell69999", many[69_999]);
      assertEquals(2.5, h.getDatasetByPath("g/scalar").getData());
      assertTrue(h.getDatasetByPath("g/none").isEmpty());
      assertEquals(7L, h.getDatasetByPath("g/deep/x").getData());
    }
  }

  @Test
  void h5dumpParsesTheFile() throws Exception {
    Path h5dump = Path.of("/usr/bin/h5dump");
    assumeTrue(Files.isExecutable(h5dump), "skipped: h5dump (hdf5-tools) is absent");
    Path f = writeSample();
    Process p = new ProcessBuilder(h5dump.toString(), f.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("(0): TRUE, FALSE, TRUE"), out.substring(0, Math.min(out.length(), 3000)));
    assertTrue(out.contains("\"cell69999\""));
  }

  @Test
  void h5pyReadsTheSameValues() throws IOException {
    DebianPython.require("h5py", "numpy");
    Path f = writeSample();
    DebianPython.Result r = DebianPython.python(120, "-c", String.join("\n",
        "import h5py, sys",
        "f = h5py.File(sys.argv[1], 'r')",
        "g = f['g']",
        "print(f.attrs['title'], list(g.attrs['order']), g.attrs['flag'], list(g.attrs['shape']), g.attrs['empty'].shape)",
        "print(g['f32'][()].tolist(), g['i64'][()].tolist(), g['bool'][()].tolist())",
        "print(g['strings'].asstr()[()].tolist(), g['many'].asstr()[69999], g['scalar'][()], g['none'].shape, g['deep/x'][()])"),
        f.toString());
    assertEquals(0, r.exitCode(), r.stderr());
    String[] lines = r.stdout().strip().split("\n");
    assertEquals("süß ['a', 'béta', ''] True [3, 4] (0,)", lines[0]);
    assertEquals("[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]] [-9223372036854775808, 5] [True, False, True]", lines[1]);
    assertEquals("['ab', '', 'ünï'] cell69999 2.5 (0,) 7", lines[2]);
  }

  @Test
  void misuseIsRejected() throws IOException {
    try (Hdf5Writer w = Hdf5Writer.create(dir.resolve("bad.h5"))) {
      Hdf5Writer.Group root = w.root();
      root.dataset("a", H5Data.scalar(1L), Map.of());
      IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
          () -> root.dataset("a", H5Data.scalar(2L), Map.of()));
      assertTrue(dup.getMessage().contains("already has a member 'a'"), dup.getMessage());
      assertThrows(IllegalArgumentException.class, () -> root.group("x/y"));
      Hdf5Writer.Group open = root.group("open");
      IllegalStateException st = assertThrows(IllegalStateException.class, root::close);
      assertTrue(st.getMessage().contains("open child"), st.getMessage());
      open.close();
    }
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> H5Data.of(new float[5], 2, 3));
    assertTrue(shape.getMessage().contains("does not match shape"), shape.getMessage());
  }
}
