package org.flowmatch4j.tasks.spatial;

/** What predicts a held-out section's expression. */
public enum Method {
  /** The flow from the chosen source. */
  FLOW("flow"),
  /** The same flow from the Gaussian source N(0, I). */
  GAUSSIAN_SOURCE("gaussian_source"),
  /** The mean expression of the training spots (a constant: its correlations are undefined). */
  MEAN("mean"),
  /** Ridge regression on the same features. */
  RIDGE("ridge"),
  /** k-nearest-neighbour regression on the same features. */
  KNN("knn"),
  /** Kernel ridge regression (Gaussian kernel) on the same features. */
  KERNEL_RIDGE("kernel_ridge");

  /** The key in the JSON and tables. */
  public final String key;

  Method(String key) {
    this.key = key;
  }
}
