package org.flowmatch4j.data.h5ad;

import java.util.List;
import java.util.Map;
import org.flowmatch4j.data.DataFrame;

/**
 * What an {@code .h5ad} file holds, read from its metadata without loading X or the matrices:
 * the layout era, the annotation frames, and for each matrix its storage, dtype, shape and
 * stored-entry count.
 *
 * @param layout {@code anndata>=0.8}, {@code anndata-0.7} or {@code legacy}
 * @param x X's description, or null if the file has none
 * @param matrices per group ({@code obsm}, {@code varm}, {@code layers}, {@code obsp}, {@code varp}), key to description
 * @param unsKeys the top-level uns keys
 * @param raw raw X's description, or null if no raw
 */
public record H5adSummary(
    String layout,
    DataFrame obs,
    DataFrame var,
    MatrixInfo x,
    Map<String, Map<String, MatrixInfo>> matrices,
    List<String> unsKeys,
    MatrixInfo raw) {

  /** A matrix's storage ({@code dense}, {@code csr}, {@code csc}), element type, shape and stored entries. */
  public record MatrixInfo(String storage, String dtype, long rows, long cols, long nnz) {}
}
