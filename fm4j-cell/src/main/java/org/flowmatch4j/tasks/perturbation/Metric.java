package org.flowmatch4j.tasks.perturbation;

/** The scores of a predicted cell population against the real one (see {@link PerturbationMetrics}). */
public enum Metric {
  /** scGen's R^2 of means: linregress(mean_pred, mean_real).rvalue^2. */
  R2("r2", true),
  /** scikit-learn's r2_score(mean_real, mean_pred), as CellFlow reports it. */
  R2_SKLEARN("r2_sklearn", true),
  /** Pearson r of the mean shifts: (mean_pred - mean_ctrl) against (mean_real - mean_ctrl). */
  PEARSON_DELTA("pearson_delta", true),
  /** CellFlow's E-distance (squared Euclidean), 2 ||mean_pred - mean_real||^2. */
  E_DISTANCE("e_distance", false),
  /** Szekely's energy distance (Euclidean), dcor's energy_distance. */
  ENERGY("energy", false),
  /** CellFlow's MMD^2, RBF kernels averaged over gamma in {2, 1, 0.5, 0.1, 0.01, 0.005}. */
  MMD("mmd", false),
  /** CellFlow's debiased Sinkhorn divergence at epsilon 1 (squared Euclidean cost, no scaling). */
  SINKHORN_1("sinkhorn_div_1", false),
  /** CellFlow's debiased Sinkhorn divergence at epsilon 10. */
  SINKHORN_10("sinkhorn_div_10", false),
  /** CellFlow's debiased Sinkhorn divergence at epsilon 100. */
  SINKHORN_100("sinkhorn_div_100", false),
  /** Fraction of predicted values below zero (expression spaces only; goal 0). */
  NEGATIVE_FRACTION("negative_fraction", false, true),
  /**
   * Mean over genes of |zero fraction of the predicted cells - zero fraction of the real cells|
   * (expression spaces only): how well the prediction keeps the data's sparsity.
   */
  ZERO_FRACTION_ERROR("zero_fraction_mae", false, true);

  /** The JSON name. */
  public final String key;
  /** True when a larger value is better. */
  public final boolean higherIsBetter;
  /** True when the metric reads values as expression (scored in gene spaces only). */
  public final boolean expression;

  Metric(String key, boolean higherIsBetter) {
    this(key, higherIsBetter, false);
  }

  Metric(String key, boolean higherIsBetter, boolean expression) {
    this.key = key;
    this.higherIsBetter = higherIsBetter;
    this.expression = expression;
  }

  /** True when {@code a} is strictly better than {@code b} (NaN is never better). */
  public boolean better(double a, double b) {
    if (Double.isNaN(a)) {
      return false;
    }
    if (Double.isNaN(b)) {
      return true;
    }
    return higherIsBetter ? a > b : a < b;
  }
}
