package org.flowmatch4j.data.counts;

/** Where an {@code .h5ad} file keeps its raw counts. */
public enum CountLayer {
  /** {@code layers/counts} when the file has it, else {@code X}. */
  AUTO("auto"),
  /** The main matrix {@code X}. */
  X("X"),
  /** {@code layers/counts} (scanpy's convention for counts kept beside normalised X). */
  LAYER_COUNTS("layers/counts"),
  /** {@code raw/X} with {@code raw/var}'s genes. */
  RAW_X("raw/X");

  /** The key as the file names it. */
  public final String key;

  CountLayer(String key) {
    this.key = key;
  }

  /** Reads auto, X, counts or layers/counts, raw or raw/X, in any case. */
  public static CountLayer parse(String text) {
    return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "auto" -> AUTO;
      case "x" -> X;
      case "counts", "layers/counts" -> LAYER_COUNTS;
      case "raw", "raw/x" -> RAW_X;
      default -> throw new IllegalArgumentException(
          "count layer: expected auto, X, layers/counts or raw/X, got '" + text + "'");
    };
  }
}
