package org.flowmatch4j.spark;

import java.nio.file.Path;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.h5ad.H5adSummary;
import org.flowmatch4j.data.h5ad.ReadOptions;

/**
 * An {@code .h5ad} file that tasks open with the project's reader, reading only their rows: a CSR
 * X by its index pointers, a dense X or an obsm array by row blocks. obs and var, which HDF5 stores
 * as whole columns, come from one copy per JVM ({@link FileMetadata}), from which each task cuts
 * its rows (a task that reads an obsm array reads obs with it).
 *
 * @param path the file, as a string (paths are not serializable)
 */
public record H5adAtlas(String path) implements AtlasFile {
  private static final long serialVersionUID = 1L;

  public H5adAtlas {
    if (!path.toLowerCase(java.util.Locale.ROOT).endsWith(".h5ad")) {
      throw new IllegalArgumentException("FILE " + path + ": expected an .h5ad file");
    }
  }

  /** Shapes, obs and var, read from the metadata without X (the driver's check that the file is readable). */
  public H5adSummary summary() {
    return H5ad.summarize(Path.of(path));
  }

  @Override
  public int cells() {
    return summary().obs().size();
  }

  @Override
  public int genes() {
    return summary().var().size();
  }

  @Override
  public DataFrame obs() {
    return summary().obs();
  }

  @Override
  public AnnData metadata() {
    return H5ad.read(Path.of(path), ReadOptions.metadata());
  }

  @Override
  public AnnData annotations() {
    return H5ad.read(Path.of(path), ReadOptions.all().withX(false));
  }

  @Override
  public void requireVectors(String obsm) {
    H5adSummary s = summary();
    if (obsm == null && s.x() == null) {
      throw new IllegalArgumentException(path + ": has no X");
    }
    if (obsm != null && !s.matrices().get("obsm").containsKey(obsm)) {
      throw new IllegalArgumentException(path + ": no obsm key '" + obsm + "' (has " + s.matrices().get("obsm").keySet() + ")");
    }
  }

  @Override
  public AtlasFile split(RowRanges ranges) {
    return this;
  }

  @Override
  public DataMatrix readX(int[] range) {
    return H5ad.readXRows(Path.of(path), RowRanges.indices(range));
  }

  @Override
  public AnnData read(int[] range, boolean x, String obsm) {
    int[] rows = RowRanges.indices(range);
    if (obsm != null) {
      return H5ad.read(Path.of(path), ReadOptions.metadata().withUns(false).withX(x).withRows(rows).withObsm(obsm));
    }
    // obs and var from the JVM's copy: every task of an executor would otherwise decode the whole of obs
    AnnData meta = FileMetadata.of(path);
    return new AnnData(x ? readX(range) : null, meta.obs().select(rows), meta.var());
  }
}
