package org.flowmatch4j.tasks.perturbation;

/** How predicted cells in the embedding become gene expression (see {@link LinearDecoder}). */
public enum Decoding {
  /**
   * {@code x1 = x0 + (z1 - z0) W}: the source control cell moved by its decoded displacement; keeps
   * what the embedding does not represent of that cell.
   */
  RESIDUAL,
  /**
   * {@code x1 = x0 + (z1 - z0) W - rbar}: as {@link #RESIDUAL}, less {@code rbar}, the mean over the
   * context's control cells of the part the embedding does not represent ({@code x0 - inverse(z0)}).
   * Each cell keeps its own residual, but the predicted mean is the embedding's,
   * {@code mu_x + (mean z1 - mu_z) W}: the residual's mean over a few control cells is mostly their
   * sampling noise, which a residual prediction would carry into every predicted mean.
   */
  CENTRED,
  /** {@code x1 = mu_x + (z1 - mu_z) W}: the plain inverse of the embedding (PCA inverse). */
  INVERSE
}
