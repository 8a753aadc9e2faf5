package org.flowmatch4j.fm.source;

import java.util.random.RandomGenerator;
import org.flowmatch4j.tensor.Matrix;

/**
 * The standard Gaussian N(0, I_d), with {@code log p(x) = -|x|^2 / 2 - (d / 2) log(2 pi)}.
 */
public record GaussianSource(int dim) implements Source, Density {
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  /** Checks dim &gt;= 1. */
  public GaussianSource {
    if (dim <= 0) {
      throw new IllegalArgumentException("Gaussian source: dimension must be positive, got " + dim);
    }
  }

  @Override
  public void sample(RandomGenerator rng, Matrix out) {
    requireDim(out);
    float[] o = out.data;
    for (int k = 0; k < o.length; k++) {
      o[k] = (float) rng.nextGaussian();
    }
  }

  @Override
  public void logDensity(Matrix x, double[] out) {
    requireShapes(x, out);
    int d = dim;
    for (int i = 0; i < x.rows; i++) {
      double sq = 0;
      for (int j = i * d; j < (i + 1) * d; j++) {
        sq += (double) x.data[j] * x.data[j];
      }
      out[i] = -0.5 * sq - 0.5 * d * LOG_2PI;
    }
  }
}
