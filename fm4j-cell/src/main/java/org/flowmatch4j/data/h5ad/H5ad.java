package org.flowmatch4j.data.h5ad;

import java.io.IOException;
import java.nio.file.Path;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.tensor.Matrix;

/**
 * Reading and writing AnnData {@code .h5ad} files.
 *
 * <pre>{@code
 * AnnData a = H5ad.read(path);                                      // everything
 * Matrix pca = H5ad.read(path, ReadOptions.metadata().withObsm("X_pca")).obsmDense("X_pca");
 * H5ad.write(out, a);                                               // atomic; anndata 0.8 reads it
 * }</pre>
 */
public final class H5ad {
  private H5ad() {}

  /** Reads the whole file. */
  public static AnnData read(Path path) {
    return H5adReader.read(path, ReadOptions.all());
  }

  /** Reads what {@code options} asks for. Bad or corrupt input throws {@link IllegalArgumentException} naming the file and key. */
  public static AnnData read(Path path, ReadOptions options) {
    return H5adReader.read(path, options);
  }

  /** Describes the file (layout, frames, matrix shapes and storage) without loading X or any matrix. */
  public static H5adSummary summarize(Path path) {
    return H5adReader.summarize(path);
  }

  /**
   * Reads the rows {@code rows} of X (in that order) and nothing else, not even obs or var: a CSR
   * X by its index pointers (only those rows' entries), a dense X by runs of consecutive rows. A
   * block of an atlas, read by one of many workers.
   */
  public static DataMatrix readXRows(Path path, int[] rows) {
    return H5adReader.readXRows(path, rows);
  }

  /** Reads obs (and var) only. */
  public static DataFrame readObs(Path path) {
    return H5adReader.read(path, ReadOptions.metadata().withUns(false)).obs();
  }

  /** Reads one obsm matrix (dense, finite-checked). */
  public static Matrix readObsm(Path path, String key) {
    return H5adReader.read(path, ReadOptions.metadata().withUns(false).withObsm(key)).obsmDense(key);
  }

  /**
   * Writes {@code a} in the modern encoding (anndata ≥ 0.8). The file appears complete or not at
   * all: it is written to a temporary file in the same directory and then renamed.
   */
  public static void write(Path path, AnnData a) throws IOException {
    H5adWriter.write(path, a);
  }
}
