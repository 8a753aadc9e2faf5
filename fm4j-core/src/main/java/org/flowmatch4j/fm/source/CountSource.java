package org.flowmatch4j.fm.source;

import java.util.random.RandomGenerator;
import org.flowmatch4j.tensor.Matrix;

/**
 * A source of G-gene count vectors, transformed: each sample draws a size factor s &ge; 0
 * uniformly from {@link #sizeFactors()} (one per training cell, or the single value 1), then for every gene
 * independently {@code y_g ~ ZINB(s mu_g, theta_g, pi_g)} by {@link CountSampler} (a zero with
 * probability pi_g, else the gamma-Poisson draw), and writes {@code transform(y_g)}.
 */
public abstract sealed class CountSource implements Source permits NegativeBinomialSource, ZinbSource {
  private final ZinbParameters params;
  private final double[] sizeFactors;
  private final CountTransform transform;

  CountSource(ZinbParameters params, double[] sizeFactors, CountTransform transform) {
    if (sizeFactors.length == 0) {
      throw new IllegalArgumentException("count source: needs at least one size factor");
    }
    for (int i = 0; i < sizeFactors.length; i++) {
      if (!(sizeFactors[i] >= 0) || Double.isInfinite(sizeFactors[i])) {
        throw new IllegalArgumentException("count source: size factor " + i + " is " + sizeFactors[i] + ", expected >= 0");
      }
    }
    this.params = params;
    this.sizeFactors = sizeFactors.clone();
    this.transform = java.util.Objects.requireNonNull(transform, "transform");
  }

  /** The per-gene parameters. */
  public ZinbParameters params() {
    return params;
  }

  /** The size factors a sample draws from (a copy). */
  public double[] sizeFactors() {
    return sizeFactors.clone();
  }

  /** The map applied to the counts. */
  public CountTransform transform() {
    return transform;
  }

  @Override
  public int dim() {
    return params.genes();
  }

  @Override
  public void sample(RandomGenerator rng, Matrix out) {
    requireDim(out);
    int genes = dim();
    for (int i = 0; i < out.rows; i++) {
      double s = sizeFactors[sizeFactors.length == 1 ? 0 : rng.nextInt(sizeFactors.length)];
      for (int g = 0; g < genes; g++) {
        double pi = params.pi(g);
        long y = pi > 0 && rng.nextDouble() < pi ? 0 : CountSampler.negativeBinomial(rng, s * params.mu(g), params.theta(g));
        out.data[i * genes + g] = (float) transform.apply(y);
      }
    }
  }

  /**
   * {@code out[i] = sum_g log ZINB(counts[i, g]; s_i mu_g, theta_g, pi_g)}, the log-probability of
   * the untransformed counts of row i (n x G, non-negative integers) at size factor
   * {@code s[i]}.
   */
  public void logProbability(Matrix counts, double[] s, double[] out) {
    if (counts.cols != dim() || s.length != counts.rows || out.length != counts.rows) {
      throw new IllegalArgumentException("log-probability of " + counts.rows + "x" + counts.cols + " counts with "
          + s.length + " size factors into " + out.length + " entries; the source has " + dim() + " genes");
    }
    int genes = dim();
    for (int i = 0; i < counts.rows; i++) {
      double sum = 0;
      for (int g = 0; g < genes; g++) {
        float y = counts.data[i * genes + g];
        if (!(y >= 0) || y != Math.rint(y)) {
          throw new IllegalArgumentException("count (" + i + ", " + g + ") is " + y + ", expected an integer >= 0");
        }
        sum += params.logProbability(g, y, s[i]);
      }
      out[i] = sum;
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[genes=" + dim() + ", size factors=" + sizeFactors.length + ", " + transform + "]";
  }
}
