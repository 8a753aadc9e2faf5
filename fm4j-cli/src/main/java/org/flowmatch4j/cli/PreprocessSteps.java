package org.flowmatch4j.cli;

import picocli.CommandLine.Option;

/**
 * The steps of {@code fm4j preprocess} and {@code fm4j spark preprocess}, in scanpy's order:
 * normalize_total, log1p, highly variable genes, scale, PCA; one set of options and checks for both.
 */
public final class PreprocessSteps {
  @Option(names = "--target-sum", paramLabel = "S", description = "normalize_total to S counts per cell; 'median' for the median total.")
  String targetSum;

  @Option(names = "--log1p", description = "Apply ln(1 + x) after normalisation (refused if uns/log1p says X already is).")
  public boolean log1p;

  @Option(names = "--hvg", paramLabel = "N", description = "Mark the N most variable genes (flavour seurat; data must be log-normalised, so not negative).")
  public Integer hvg;

  @Option(names = "--hvg-flavor", defaultValue = "seurat", paramLabel = "FLAVOR", description = "Highly-variable-genes flavour: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  public Flavor hvgFlavor;

  @Option(names = "--scale", description = "Zero-centre and scale each gene to unit variance (X becomes dense).")
  public boolean scale;

  @Option(names = "--max-value", paramLabel = "V", description = "With --scale: clip scaled values to [-V, V].")
  public Double maxValue;

  @Option(names = "--pcs", paramLabel = "K", description = "Compute K principal components (on the highly variable genes if --hvg).")
  public Integer pcs;

  /** Highly-variable-genes flavours implemented. */
  public enum Flavor {
    /** Seurat's dispersion-based selection (scanpy's default flavour). */
    seurat
  }

  /**
   * Checks the options that depend on each other or must be positive.
   *
   * @throws IllegalArgumentException naming the option
   */
  public void check() {
    if (maxValue != null && !scale) {
      throw new IllegalArgumentException("--max-value needs --scale");
    }
    if (hvg != null && hvg < 1) {
      throw new IllegalArgumentException("--hvg must be at least 1, got " + hvg);
    }
    if (pcs != null && pcs < 1) {
      throw new IllegalArgumentException("--pcs must be at least 1, got " + pcs);
    }
  }

  /**
   * The normalize_total target: null without {@code --target-sum}, NaN for 'median' (the median
   * total of the cells), else the positive number given.
   *
   * @throws IllegalArgumentException naming {@code --target-sum} when it is neither
   */
  public Double targetSum() {
    if (targetSum == null) {
      return null;
    }
    if (targetSum.equalsIgnoreCase("median")) {
      return Double.NaN;
    }
    try {
      double v = Double.parseDouble(targetSum);
      if (v > 0 && Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--target-sum must be a positive number or 'median', got '" + targetSum + "'");
  }
}
