package org.flowmatch4j.data;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The committed fixtures written by {@code src/test/python/gen_data_fixtures.py}. */
public final class Fixtures {
  private Fixtures() {}

  /** A fixture under {@code org/flowmatch4j/data/}, e.g. {@code h5ad/modern_dense_gzip.h5ad}. */
  public static Path path(String relative) {
    URL u = Fixtures.class.getResource("/org/flowmatch4j/data/" + relative);
    if (u == null) {
      throw new AssertionError("missing fixture " + relative + "; run src/test/python/gen_data_fixtures.py");
    }
    try {
      return Path.of(u.toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** The X value the generator writes at (i, j). */
  public static float x(int i, int j) {
    return (i + 2 * j) % 3 == 0 ? 0f : (i + 1) * 0.5f + j * 0.25f;
  }

  /** The obsm X_pca value the generator writes at (i, k). */
  public static float pca(int i, int k) {
    return (float) (i + 0.1 * k);
  }
}
