package org.flowmatch4j.data.h5ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Fixtures;
import org.flowmatch4j.data.hdf5.Fletcher32;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupted chunks are detected by their checksums: single bit flips inside the stored chunks of
 * {@code checksummed.h5ad} (written by {@code src/test/python/gen_checksum_fixture.py}; deflate,
 * shuffle + deflate, Fletcher-32, and all three) must each end in an error naming the file and the
 * dataset. The one exception is a flip that leaves the data intact (a padding bit after the last
 * deflate block, which no decoder reads): the read must then give the original values.
 */
class ChunkChecksumTest {
  @TempDir Path dir;

  private static final int FLIPS_PER_CHUNK = 8;

  /** The fixture's value at (i, j) in X and every layer. */
  private static float value(int i, int j) {
    return (float) Math.sin(i + 7 * j);
  }

  @Test
  void theFixtureReadsIntact() {
    AnnData a = H5ad.read(Fixtures.path("h5ad/checksummed.h5ad"));
    assertIntact(a);
  }

  @Test
  void everyBitFlipInsideAChunkIsAnErrorNamingTheFileAndKey() throws IOException {
    Path source = Fixtures.path("h5ad/checksummed.h5ad");
    byte[] original = Files.readAllBytes(source);
    JsonObject chunks = JsonParser.parseString(Files.readString(Fixtures.path("h5ad/checksummed_chunks.json"))).getAsJsonObject();
    SplittableRandom rng = new SplittableRandom(18);
    List<String> failures = new ArrayList<>();
    int flips = 0;
    int harmless = 0;
    Path f = dir.resolve("flipped.h5ad");
    for (Map.Entry<String, JsonElement> e : chunks.entrySet()) {
      String key = e.getKey();
      JsonArray list = e.getValue().getAsJsonArray();
      for (JsonElement c : list) {
        int offset = c.getAsJsonObject().get("offset").getAsInt();
        int size = c.getAsJsonObject().get("size").getAsInt();
        for (int k = 0; k < FLIPS_PER_CHUNK; k++) {
          int at = offset + rng.nextInt(size);
          int bit = rng.nextInt(8);
          byte[] b = original.clone();
          b[at] ^= (byte) (1 << bit);
          Files.write(f, b);
          flips++;
          String what = key + " byte " + at + " bit " + bit;
          try {
            AnnData a = H5ad.read(f);
            if (!intact(a)) {
              failures.add(what + ": read without error and with changed values");
            } else {
              harmless++;
            }
          } catch (IllegalArgumentException x) {
            String m = x.getMessage();
            if (m == null || !m.startsWith(f.toString()) || !m.contains(key)) {
              failures.add(what + ": the message does not name the file and '" + key + "': " + m);
            }
          } catch (RuntimeException | Error x) {
            failures.add(what + ": " + x);
          }
        }
      }
    }
    assertTrue(flips >= 200, flips + " flips");
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + flips + " flips went wrong:\n" + String.join("\n", failures));
    }
    // only padding bits of a deflate stream's last byte can be harmless: far fewer than 1 in 20 flips
    assertTrue(harmless * 20 < flips, harmless + " of " + flips + " flips read as the original data");
  }

  @Test
  void aFlippedBitInKangsCompressedCountsIsAnError() throws IOException {
    Path kang = SharedData.require("kang_valid.h5ad");
    byte[] b = Files.readAllBytes(kang);
    b[47820] = (byte) 0xC9; // inside a deflate chunk of X/data; anndata: "inflate() failed"
    Path f = dir.resolve("kang_flipped.h5ad");
    Files.write(f, b);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> H5ad.read(f));
    assertTrue(e.getMessage().startsWith(f + ": cannot read 'X"), e.getMessage());
  }

  @Test
  void fletcher32MatchesHdf5sDefinition() {
    // sums of big-endian 16-bit words, by hand: words 0x0102, 0x0304, then the odd byte 0x05 as 0x0500
    byte[] b = {1, 2, 3, 4, 5};
    long s1 = 0x0102;
    long s2 = s1;
    s1 += 0x0304;
    s2 += s1;
    s1 += 0x0500;
    s2 += s1;
    assertEquals((int) ((s2 % 65535) << 16 | (s1 % 65535)), Fletcher32.checksum(b, 0, 5));
    // a stored checksum (little endian) is stripped once verified, and a wrong one names the key
    int sum = Fletcher32.checksum(b, 0, 5);
    byte[] chunk = {1, 2, 3, 4, 5, (byte) sum, (byte) (sum >>> 8), (byte) (sum >>> 16), (byte) (sum >>> 24)};
    assertEquals(5, Fletcher32.verify(chunk, "X").length);
    chunk[8] ^= 1;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fletcher32.verify(chunk, "X"));
    assertTrue(e.getMessage().startsWith("'X' has a corrupt chunk: its Fletcher-32 checksum is "), e.getMessage());
  }

  private static void assertIntact(AnnData a) {
    assertTrue(intact(a), "values differ from sin(i + 7 j)");
  }

  private static boolean intact(AnnData a) {
    List<Matrix> all = new ArrayList<>();
    all.add(a.requireX().toDense());
    a.layers().values().forEach(m -> all.add(m.toDense()));
    if (all.size() != 4) {
      return false;
    }
    for (Matrix m : all) {
      for (int i = 0; i < m.rows; i++) {
        for (int j = 0; j < m.cols; j++) {
          if (m.get(i, j) != value(i, j)) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
