package org.flowmatch4j.nn;

import org.flowmatch4j.tensor.Activation;

/**
 * A double-precision reference of {@link Mlp} with forward-mode tangents, written out plainly for
 * finite-difference checks. Parameters are passed in (in {@link Mlp#parameters()} order) so that a
 * check can perturb them.
 */
final class RefMlp {
  final MlpConfig cfg;
  final double[] omega;

  RefMlp(MlpConfig cfg) {
    this.cfg = cfg;
    this.omega = cfg.timeEncoding() == TimeEncoding.SINUSOIDAL
        ? TimeEncoding.frequencies(cfg.timeEmbeddingDim()) : null;
  }

  static double[][] params(Mlp m) {
    return m.parameters().stream().map(p -> GradCheck.toDouble(p.value()))
        .toArray(double[][]::new);
  }

  /**
   * Returns {v (n x out), vdot ((blocks n) x out)} for inputs and stacked tangents (null tangent =
   * zero; vdot is null when all tangents are null).
   */
  double[][] run(double[][] p, double[] x, double[] t, double[] c, double[] dx, double[] dt,
      double[] dc, int n) {
    int d = cfg.inputDim();
    int cd = cfg.condDim();
    int tf = cfg.timeFeatures();
    int in0 = cfg.firstLayerInputs();
    int out = cfg.outputDim();
    boolean tangent = dx != null || dt != null || dc != null;
    int blocks = !tangent ? 0 : (dx != null ? dx.length / (n * d)
        : dt != null ? dt.length / n : dc.length / (n * cd));
    double[] v = new double[n * out];
    double[] vd = tangent ? new double[blocks * n * out] : null;
    Activation f = cfg.activation();
    for (int i = 0; i < n; i++) {
      double[] h = new double[in0];
      for (int j = 0; j < d; j++) {
        h[j] = x[i * d + j];
      }
      if (omega == null) {
        h[d] = t[i];
      } else {
        int half = omega.length;
        for (int j = 0; j < half; j++) {
          h[d + j] = Math.cos(omega[j] * t[i]);
          h[d + half + j] = Math.sin(omega[j] * t[i]);
        }
      }
      boolean concat = cfg.conditioning().concatenates();
      for (int j = 0; j < cd && concat; j++) {
        h[d + tf + j] = c[i * cd + j];
      }
      double[][] hd = new double[blocks][in0];
      for (int b = 0; b < blocks; b++) {
        int r = b * n + i;
        for (int j = 0; j < d && dx != null; j++) {
          hd[b][j] = dx[r * d + j];
        }
        if (dt != null) {
          if (omega == null) {
            hd[b][d] = dt[r];
          } else {
            int half = omega.length;
            for (int j = 0; j < half; j++) {
              hd[b][d + j] = -dt[r] * omega[j] * Math.sin(omega[j] * t[i]);
              hd[b][d + half + j] = dt[r] * omega[j] * Math.cos(omega[j] * t[i]);
            }
          }
        }
        for (int j = 0; j < cd && dc != null && concat; j++) {
          hd[b][d + tf + j] = dc[r * cd + j];
        }
      }
      int layers = cfg.depth() + 1;
      for (int l = 0; l < layers; l++) {
        double[] w = p[2 * l];
        double[] bias = p[2 * l + 1];
        int o = bias.length;
        int in = h.length;
        double[] z = new double[o];
        double[][] zd = new double[blocks][o];
        for (int a = 0; a < o; a++) {
          double s = bias[a];
          for (int q = 0; q < in; q++) {
            s += w[a * in + q] * h[q];
          }
          z[a] = s;
          for (int b = 0; b < blocks; b++) {
            double sd = 0;
            for (int q = 0; q < in; q++) {
              sd += w[a * in + q] * hd[b][q];
            }
            zd[b][a] = sd;
          }
        }
        if (l < layers - 1 && cfg.conditioning().modulates()) {
          // FiLM: z <- (1 + c G^T) z + c B^T, tangent (1 + gamma) zd + (dc G^T) z + dc B^T
          double[] g = p[2 * layers + 2 * l];
          double[] be = p[2 * layers + 2 * l + 1];
          for (int a = 0; a < o; a++) {
            double gamma = 0;
            double beta = 0;
            for (int q = 0; q < cd; q++) {
              gamma += g[a * cd + q] * c[i * cd + q];
              beta += be[a * cd + q] * c[i * cd + q];
            }
            for (int b = 0; b < blocks; b++) {
              double gd = 0;
              double bd = 0;
              for (int q = 0; q < cd && dc != null; q++) {
                gd += g[a * cd + q] * dc[(b * n + i) * cd + q];
                bd += be[a * cd + q] * dc[(b * n + i) * cd + q];
              }
              zd[b][a] = (1 + gamma) * zd[b][a] + gd * z[a] + bd;
            }
            z[a] = (1 + gamma) * z[a] + beta;
          }
        }
        if (l < layers - 1) {
          h = new double[o];
          for (int a = 0; a < o; a++) {
            h[a] = f.value(z[a]);
            for (int b = 0; b < blocks; b++) {
              zd[b][a] *= f.derivative(z[a]);
            }
          }
          hd = zd;
        } else {
          System.arraycopy(z, 0, v, i * out, out);
          for (int b = 0; b < blocks; b++) {
            System.arraycopy(zd[b], 0, vd, (b * n + i) * out, out);
          }
        }
      }
    }
    return new double[][] {v, vd};
  }

  /** Exact divergence sum_j dv_j/dx_j per row, by the d unit tangents. */
  double[] divergence(double[][] p, double[] x, double[] t, double[] c, int n) {
    int d = cfg.inputDim();
    double[] e = new double[d * n * d];
    for (int b = 0; b < d; b++) {
      for (int i = 0; i < n; i++) {
        e[(b * n + i) * d + b] = 1;
      }
    }
    double[] vd = run(p, x, t, c, e, null, null, n)[1];
    double[] div = new double[n];
    for (int b = 0; b < d; b++) {
      for (int i = 0; i < n; i++) {
        div[i] += vd[(b * n + i) * d + b];
      }
    }
    return div;
  }
}
