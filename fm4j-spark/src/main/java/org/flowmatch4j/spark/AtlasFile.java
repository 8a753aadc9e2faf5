package org.flowmatch4j.spark;

import java.io.Serializable;
import java.nio.file.Path;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.h5ad.H5adSummary;
import org.flowmatch4j.data.h5ad.ReadOptions;

/**
 * An {@code .h5ad} file at a path that every executor can read (local disk, NFS, a mounted
 * HDFS). Tasks open it with the project's reader and read only their rows: a CSR X by its index
 * pointers, a dense X or an obsm array by row blocks.
 *
 * @param path the file, as a string (paths are not serializable)
 */
public record AtlasFile(String path) implements Serializable {
  private static final long serialVersionUID = 1L;

  public AtlasFile {
    if (!path.toLowerCase(java.util.Locale.ROOT).endsWith(".h5ad")) {
      throw new IllegalArgumentException("FILE " + path + ": expected an .h5ad file");
    }
  }

  /** Shapes, obs and var, read from the metadata without X (the driver's check that the file is readable). */
  public H5adSummary summary() {
    return H5ad.summarize(Path.of(path));
  }

  /** X's rows [from, to) alone (no obs, no var): the input of the passes that learn statistics. */
  public DataMatrix readX(int[] range) {
    return H5ad.readXRows(Path.of(path), RowRanges.indices(range));
  }

  /**
   * Cells [from, to) with obs, and X ({@code x}) and the obsm matrix {@code obsm} (null: none);
   * var, uns, layers and the pairwise matrices are not read.
   */
  public AnnData read(int[] range, boolean x, String obsm) {
    ReadOptions opt = ReadOptions.metadata().withUns(false).withX(x).withRows(RowRanges.indices(range));
    if (obsm != null) {
      opt = opt.withObsm(obsm);
    }
    return H5ad.read(Path.of(path), opt);
  }
}
