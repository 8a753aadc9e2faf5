package org.flowmatch4j.tasks.perturbation;

/** How predicted cells in the embedding become gene expression (see {@link LinearDecoder}). */
public enum Decoding {
  /**
   * {@code x1 = x0 + (z1 - z0) W}: the source control cell moved by its decoded displacement; keeps
   * what the embedding does not represent of that cell.
   */
  RESIDUAL,
  /** {@code x1 = mu_x + (z1 - mu_z) W}: the plain inverse of the embedding (PCA inverse). */
  INVERSE
}
