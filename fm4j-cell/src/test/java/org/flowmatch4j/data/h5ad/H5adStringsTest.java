package org.flowmatch4j.data.h5ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Fixtures;
import org.flowmatch4j.data.NdArray;
import org.junit.jupiter.api.Test;

/**
 * Variable-length string arrays spanning many global heap collections and many chunks, in every
 * storage the reader decodes itself (file written by src/test/python/gen_h5ad_strings.py).
 */
class H5adStringsTest {
  static final int N = 1000;
  static final int CHUNK = 256;

  /** The generator's label(i). */
  static String label(int i) {
    return i % 101 == 0 ? "" : "c" + i + "-" + "\u00e9".repeat(i % 3) + "x".repeat(i % 23);
  }

  static String[] labels(int written) {
    String[] s = new String[N];
    for (int i = 0; i < N; i++) {
      s[i] = i < written ? label(i) : "";
    }
    return s;
  }

  @Test
  void everyStorageDecodesToTheWrittenStrings() {
    AnnData a = H5ad.read(Fixtures.path("h5ad/strings_layouts.h5ad"));
    assertArrayEquals(labels(N), a.obs().index(), "obs/_index (contiguous)");
    for (String key : new String[] {"chunked_plain", "chunked_gzip", "chunked_shuffle_gzip"}) {
      assertArrayEquals(labels(N), (String[]) ((NdArray) a.uns().get(key)).data(), key);
    }
    assertArrayEquals(labels(CHUNK), (String[]) ((NdArray) a.uns().get("chunked_partial")).data(),
        "chunks never written read as empty strings");
    assertEquals(N, a.nObs());
  }
}
