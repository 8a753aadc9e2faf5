package org.flowmatch4j.data.h5ad;

import io.jhdf.HdfFile;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the parts of one read of an {@code .h5ad} file share: its path, jhdf's view of it, the
 * arrays read past jhdf, and the notes of what was skipped.
 */
record H5adSource(Path path, HdfFile file, Hdf5Arrays arrays, List<String> notes) {
  /** Runs {@code body}, naming the file and {@code key} in any failure. */
  <T> T at(String key, Supplier<T> body) {
    try {
      return body.get();
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError | InternalError | AssertionError e) {
      throw H5adReader.wrap(path, key, e);
    }
  }
}
