package org.flowmatch4j.fm;

import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Matrix;

/**
 * Classifier-free guidance for a conditional network trained with condition dropout:
 *
 * <pre>  v(x, t) = v(x, t, 0) + w (v(x, t, c) - v(x, t, 0)) </pre>
 *
 * where the zero vector is the null condition. {@code w = 1} is the plain conditional field, {@code
 * w > 1} strengthens the condition. Costs two network evaluations per call. Not thread-safe.
 */
public final class GuidedField implements VectorField {
  private final MlpField conditional;
  private final MlpField unconditional;
  private final float weight;
  private Matrix buf = new Matrix(0, 0);

  /** @param c the condition (length condDim), @param weight the guidance weight w */
  public GuidedField(Mlp net, float[] c, double weight) {
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException("guidance weight must be finite, got " + weight);
    }
    this.conditional = MlpField.conditioned(net, c);
    this.unconditional = MlpField.conditioned(net, new float[c.length]);
    this.weight = (float) weight;
  }

  @Override
  public void eval(Matrix x, double t, Matrix out) {
    if (weight == 1f) {
      conditional.eval(x, t, out);
      return;
    }
    if (buf.rows != out.rows || buf.cols != out.cols) {
      buf = new Matrix(out.rows, out.cols);
    }
    unconditional.eval(x, t, buf);
    conditional.eval(x, t, out);
    for (int k = 0; k < out.data.length; k++) {
      out.data[k] = buf.data[k] + weight * (out.data[k] - buf.data[k]);
    }
  }
}
