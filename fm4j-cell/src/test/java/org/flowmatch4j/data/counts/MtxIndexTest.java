package org.flowmatch4j.data.counts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a 10x matrix by cell ranges against reading it whole. */
class MtxIndexTest {
  @TempDir Path tmp;

  /** n cells x p genes of counts, every fifth cell empty. */
  static AnnData counts(int n, int p, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Matrix x = new Matrix(n, p);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        if (i % 5 != 2 && rng.nextDouble() < 0.3) {
          x.data[i * p + j] = 1 + rng.nextInt(30);
        }
      }
    }
    String[] cells = new String[n];
    for (int i = 0; i < n; i++) {
      cells[i] = "AAAC" + i + "-1";
    }
    String[] genes = new String[p];
    for (int j = 0; j < p; j++) {
      genes[j] = "Gene" + j;
    }
    return new AnnData(SparseMatrix.fromDense(x), new DataFrame("_index", cells), new DataFrame("_index", genes));
  }

  private static int[] randomBounds(SplittableRandom rng, int n) {
    int parts = 1 + rng.nextInt(7);
    int[] b = new int[parts + 1];
    for (int i = 1; i < parts; i++) {
      b[i] = rng.nextInt(n + 1);
    }
    b[parts] = n;
    Arrays.sort(b);
    return b;
  }

  @Test
  void cellRangesAnywhereReadTheRowsOfTheWholeMatrix() throws IOException {
    AnnData a = counts(50, 12, 3);
    SplittableRandom rng = new SplittableRandom(11);
    for (boolean gzip : new boolean[] {false, true}) {
      TenxFolder f = TenxFolder.of(TenxFixture.write(a, tmp.resolve("gz" + gzip), gzip));
      AnnData whole = MatrixMarket.readTenX(f.dir());
      Matrix x = whole.requireX().toDense();
      assertArrayEquals(a.requireX().toDense().data, x.data);
      String[] barcodes = f.barcodes();
      for (int trial = 0; trial < 5; trial++) {
        int[] b = randomBounds(rng, 50);
        MtxIndex index = MtxIndex.of(f.matrixFile(), 12, 50, b);
        long[] at = f.barcodeOffsets(b);
        for (int i = 0; i + 1 < b.length; i++) {
          int r = index.range(b[i], b[i + 1]);
          SparseMatrix s = MatrixMarket.readCells(f.matrixFile(), 12, b[i], b[i + 1], index.offsets()[r], index.lines()[r],
              index.entries(r));
          String what = "gzip " + gzip + ", bounds " + Arrays.toString(b) + ", range " + i;
          assertEquals(b[i + 1] - b[i], s.rows, what);
          assertArrayEquals(Arrays.copyOfRange(x.data, b[i] * 12, b[i + 1] * 12), s.toDense().data, what);
          assertArrayEquals(Arrays.copyOfRange(barcodes, b[i], b[i + 1]), f.barcodes(at[i], b[i + 1] - b[i]), what);
        }
      }
    }
  }

  private Path folder(String name, String matrix) throws IOException {
    Path dir = TenxFixture.write(counts(6, 3, 5), tmp.resolve(name), false);
    Files.writeString(dir.resolve("matrix.mtx"), matrix, StandardCharsets.UTF_8);
    return dir;
  }

  private static String body(Path dir) throws IOException {
    return Files.readString(dir.resolve("matrix.mtx"));
  }

  @Test
  void truncatedUnsortedAndMalformedMatricesAreNamedByFileAndLine() throws IOException {
    Path good = TenxFixture.write(counts(6, 3, 5), tmp.resolve("good"), false);
    String text = body(good);
    String[] lines = text.split("\n");
    int[] all = {0, 6};
    // line 3 is the size line, entries from line 4 on
    Path cut = folder("cut", String.join("\n", Arrays.copyOf(lines, lines.length - 2)) + "\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MtxIndex.of(cut.resolve("matrix.mtx"), 3, 6, all));
    assertTrue(e.getMessage().contains("matrix.mtx line " + (lines.length - 1) + ": the file ends after "), e.getMessage());

    String[] swapped = lines.clone();
    swapped[3] = lines[lines.length - 1];
    swapped[lines.length - 1] = lines[3];
    Path unsorted = folder("unsorted", String.join("\n", swapped) + "\n");
    e = assertThrows(IllegalArgumentException.class, () -> MtxIndex.of(unsorted.resolve("matrix.mtx"), 3, 6, all));
    assertTrue(e.getMessage().contains("matrix.mtx line 5: cell ") && e.getMessage().contains("must be sorted by cell"),
        e.getMessage());

    String[] bad = lines.clone();
    int last = lines.length - 1;
    int cell = Integer.parseInt(lines[last].split(" ")[1]);
    bad[last] = bad[last].replaceAll(" \\d+$", " 2.5");
    Path value = folder("value", String.join("\n", bad) + "\n");
    MtxIndex index = MtxIndex.of(value.resolve("matrix.mtx"), 3, 6, new int[] {0, cell - 1, 6});
    e = assertThrows(IllegalArgumentException.class, () -> MatrixMarket.readCells(value.resolve("matrix.mtx"), 3, cell - 1, 6,
        index.offsets()[1], index.lines()[1], index.entries(1)));
    assertTrue(e.getMessage().contains("matrix.mtx line " + lines.length + ": value 2.5"), e.getMessage());

    String[] word = lines.clone();
    word[4] = "1 x 3";
    Path malformed = folder("malformed", String.join("\n", word) + "\n");
    e = assertThrows(IllegalArgumentException.class, () -> MtxIndex.of(malformed.resolve("matrix.mtx"), 3, 6, all));
    assertTrue(e.getMessage().contains("matrix.mtx line 5: 'x' is not an integer"), e.getMessage());
  }

  @Test
  void aCutGzipStreamIsNamedAsTruncated() throws IOException {
    Path dir = TenxFixture.write(counts(40, 10, 7), tmp.resolve("gz"), true);
    Path mtx = dir.resolve("matrix.mtx.gz");
    byte[] b = Files.readAllBytes(mtx);
    Files.write(mtx, Arrays.copyOf(b, b.length / 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MtxIndex.of(mtx, 10, 40, new int[] {0, 40}));
    assertTrue(e.getMessage().startsWith(mtx + " line ") && e.getMessage().contains("the gzip stream ends early"), e.getMessage());
  }
}
