package org.flowmatch4j.fm.source;

import java.util.random.RandomGenerator;
import org.flowmatch4j.tensor.Matrix;

/** The standard Gaussian N(0, I_d). */
public record GaussianSource(int dim) implements Source {
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
}
