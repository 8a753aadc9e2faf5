package org.flowmatch4j.fm.likelihood;

import org.flowmatch4j.fm.DifferentiableField;
import org.flowmatch4j.fm.VectorField;
import org.flowmatch4j.tensor.Matrix;

/**
 * The instantaneous change of variables as one vector field on the augmented state {@code z = [x |
 * l_1 .. l_m]} (n x (d + m)), so that every ODE solver integrates it unchanged:
 *
 * <pre>
 *   dx/dt   = v(x, t)
 *   dl_k/dt = div v(x, t)                      exact (m = 1), or
 *   dl_k/dt = eps_k^T (dv/dx)(x, t) eps_k       Hutchinson, probe k of the point (m = K)
 * </pre>
 *
 * Since {@code d/dt log p_t(x_t) = -div v(x_t, t)}, starting at {@code [x, 0]} at the data time
 * t1 and integrating back to the source time t0 gives {@code x0} and {@code l_k(t0) = -int_{t0}^{t1}
 * div v dt}, so that {@code log p_t1(x) = log p_t0(x0) + l_k(t0)}. The probes are fixed for the
 * whole integration, so each column is an unbiased estimate of the same integral.
 *
 * <p>Buffers are allocated once, for the batch size n given at construction. Not thread-safe.
 */
public final class ChangeOfVariables implements VectorField {
  private final DifferentiableField field;
  private final int n;
  private final int d;
  private final Matrix probes;
  private final int k;
  private final Matrix x;
  private final Matrix v;
  private final Matrix div;
  private final Matrix ju;

  /**
   * @param field the flow's velocity
   * @param n points per batch
   * @param d dimension of x
   * @param probes null for the exact divergence, or K stacked probe blocks ((K n) x d; block b,
   *     row i is probe b of point i)
   */
  public ChangeOfVariables(DifferentiableField field, int n, int d, Matrix probes) {
    if (n < 1 || d < 1) {
      throw new IllegalArgumentException("change of variables: need n >= 1 and d >= 1, got " + n + ", " + d);
    }
    if (probes != null && (probes.cols != d || probes.rows == 0 || probes.rows % n != 0)) {
      throw new IllegalArgumentException(
          "change of variables: probes must stack blocks of " + n + "x" + d + ", got " + probes.rows + "x" + probes.cols);
    }
    this.field = field;
    this.n = n;
    this.d = d;
    this.probes = probes;
    this.k = probes == null ? 1 : probes.rows / n;
    x = new Matrix(n, d);
    v = new Matrix(n, d);
    div = probes == null ? new Matrix(n, 1) : null;
    ju = probes == null ? null : new Matrix(probes.rows, d);
  }

  /** Columns of log-density change m: 1 for the exact divergence, K for Hutchinson. */
  public int logColumns() {
    return k;
  }

  @Override
  public void eval(Matrix z, double t, Matrix out) {
    int w = d + k;
    if (z.rows != n || z.cols != w) {
      throw new IllegalArgumentException(
          "change of variables: state must be " + n + "x" + w + ", got " + z.rows + "x" + z.cols);
    }
    out.requireShape(n, w, "augmented output");
    float[] zs = z.data;
    for (int i = 0; i < n; i++) {
      System.arraycopy(zs, i * w, x.data, i * d, d);
    }
    float[] o = out.data;
    if (probes == null) {
      field.divergence(x, t, v, div);
      for (int i = 0; i < n; i++) {
        System.arraycopy(v.data, i * d, o, i * w, d);
        o[i * w + d] = div.data[i];
      }
      return;
    }
    field.jvp(x, t, probes, v, ju);
    float[] p = probes.data;
    float[] j = ju.data;
    for (int i = 0; i < n; i++) {
      System.arraycopy(v.data, i * d, o, i * w, d);
    }
    for (int b = 0; b < k; b++) {
      for (int i = 0; i < n; i++) {
        int off = (b * n + i) * d;
        double s = 0;
        for (int c = 0; c < d; c++) {
          s += (double) p[off + c] * j[off + c];
        }
        o[i * w + d + b] = (float) s;
      }
    }
  }
}
