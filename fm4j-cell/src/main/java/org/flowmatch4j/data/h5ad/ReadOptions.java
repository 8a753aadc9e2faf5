package org.flowmatch4j.data.h5ad;

import java.util.Set;

/**
 * What to read from an {@code .h5ad} file. {@code obs} and {@code var} are always read (they give
 * the shape). A null key set means "all keys"; an empty one means "none". {@code rows} and
 * {@code cols} select cells and genes (null = all): X, layers, obsm, obsp and obs are read for the
 * selected cells only, X, layers, var and varm for the selected genes.
 *
 * <pre>{@code
 * ReadOptions.all()                                   // everything
 * ReadOptions.metadata()                              // obs, var and uns only
 * ReadOptions.metadata().withObsm("X_pca")            // plus one embedding
 * ReadOptions.all().withRows(rows).withCols(genes)    // a block of X and its annotations
 * }</pre>
 */
public record ReadOptions(
    boolean x,
    Set<String> obsm,
    Set<String> varm,
    Set<String> layers,
    boolean obsp,
    boolean varp,
    boolean raw,
    boolean uns,
    int[] rows,
    int[] cols) {

  /** Everything in the file. */
  public static ReadOptions all() {
    return new ReadOptions(true, null, null, null, true, true, true, true, null, null);
  }

  /** obs, var and uns; no X, no matrices. */
  public static ReadOptions metadata() {
    return new ReadOptions(false, Set.of(), Set.of(), Set.of(), false, false, false, true, null, null);
  }

  /** Reads X or not. */
  public ReadOptions withX(boolean read) {
    return new ReadOptions(read, obsm, varm, layers, obsp, varp, raw, uns, rows, cols);
  }

  /** Reads only these obsm keys (each must exist). */
  public ReadOptions withObsm(String... keys) {
    return new ReadOptions(x, Set.of(keys), varm, layers, obsp, varp, raw, uns, rows, cols);
  }

  /** Reads only these layers (each must exist). */
  public ReadOptions withLayers(String... keys) {
    return new ReadOptions(x, obsm, varm, Set.of(keys), obsp, varp, raw, uns, rows, cols);
  }

  /** Reads uns or not. */
  public ReadOptions withUns(boolean read) {
    return new ReadOptions(x, obsm, varm, layers, obsp, varp, raw, read, rows, cols);
  }

  /** Reads the raw slot or not. */
  public ReadOptions withRaw(boolean read) {
    return new ReadOptions(x, obsm, varm, layers, obsp, varp, read, uns, rows, cols);
  }

  /** Reads only these cells, in this order. */
  public ReadOptions withRows(int[] selected) {
    return new ReadOptions(x, obsm, varm, layers, obsp, varp, raw, uns, selected, cols);
  }

  /** Reads only these genes, in this order. */
  public ReadOptions withCols(int[] selected) {
    return new ReadOptions(x, obsm, varm, layers, obsp, varp, raw, uns, rows, selected);
  }

  boolean wants(Set<String> keys, String key) {
    return keys == null || keys.contains(key);
  }
}
