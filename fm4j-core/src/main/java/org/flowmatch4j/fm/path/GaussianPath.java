package org.flowmatch4j.fm.path;

import org.flowmatch4j.tensor.Matrix;

/**
 * The Gaussian conditional paths of the flow-matching family, an affine schedule plus optional
 * independent noise:
 *
 * <pre>
 *   x_t = alpha_t x1 + sigma_t x0 + gamma_t eps
 *   u_t = dAlpha_t x1 + dSigma_t x0 + dGamma_t eps
 * </pre>
 *
 * Every method of TorchCFM and Meta's flow_matching is one such choice:
 *
 * <ul>
 *   <li>rectified flow / conditional OT: {@link CondOtScheduler}, no noise;
 *   <li>I-CFM and OT-CFM: {@link CondOtScheduler} with {@link ConstantNoise} sigma
 *       ({@code mu_t = (1-t) x0 + t x1}, {@code u_t = x1 - x0});
 *   <li>Lipman's CFM: {@link LipmanScheduler} with a Gaussian source, no noise;
 *   <li>Schrodinger-bridge CFM: {@link CondOtScheduler} with {@link BrownianBridgeNoise};
 *   <li>trigonometric interpolant: {@link CosineScheduler} (with optional constant noise);
 *   <li>diffusion: {@link VpScheduler} with a standard Gaussian source, no noise.
 * </ul>
 *
 * @param scheduler the affine coefficients of x1 and x0
 * @param noise the width of the independent noise
 */
public record GaussianPath(Scheduler scheduler, NoiseSchedule noise) implements ProbPath {
  /** Training times for singular noise schedules are kept this far from 0 and 1. */
  public static final double T_EPS = 1e-4;

  /** Checks that the scheduler and the noise schedule are given. */
  public GaussianPath {
    if (scheduler == null || noise == null) {
      throw new IllegalArgumentException("Gaussian path needs a scheduler and a noise schedule");
    }
  }

  /** A deterministic affine path {@code x_t = alpha_t x1 + sigma_t x0}. */
  public static GaussianPath affine(Scheduler scheduler) {
    return new GaussianPath(scheduler, NoiseSchedule.NONE);
  }

  @Override
  public void sample(Matrix x0, Matrix x1, float[] t, Matrix eps, Matrix xt, Matrix ut) {
    int n = x0.rows;
    int d = x0.cols;
    x1.requireShape(n, d, "x1");
    xt.requireShape(n, d, "xt");
    ut.requireShape(n, d, "ut");
    if (t.length != n) {
      throw new IllegalArgumentException("t: expected " + n + " times, got " + t.length);
    }
    boolean stochastic = isStochastic();
    if (stochastic) {
      if (eps == null) {
        throw new IllegalArgumentException("eps: a stochastic path needs noise");
      }
      eps.requireShape(n, d, "eps");
    }
    float[] a0 = x0.data;
    float[] a1 = x1.data;
    float[] e = stochastic ? eps.data : null;
    float[] xo = xt.data;
    float[] uo = ut.data;
    for (int i = 0; i < n; i++) {
      double ti = t[i];
      float alpha = (float) scheduler.alpha(ti);
      float sigma = (float) scheduler.sigma(ti);
      float dAlpha = (float) scheduler.dAlpha(ti);
      float dSigma = (float) scheduler.dSigma(ti);
      int off = i * d;
      if (stochastic) {
        float gamma = (float) noise.gamma(ti);
        float dGamma = (float) noise.dGamma(ti);
        for (int j = off; j < off + d; j++) {
          xo[j] = alpha * a1[j] + sigma * a0[j] + gamma * e[j];
          uo[j] = dAlpha * a1[j] + dSigma * a0[j] + dGamma * e[j];
        }
      } else {
        for (int j = off; j < off + d; j++) {
          xo[j] = alpha * a1[j] + sigma * a0[j];
          uo[j] = dAlpha * a1[j] + dSigma * a0[j];
        }
      }
    }
  }

  @Override
  public boolean isStochastic() {
    return noise != NoiseSchedule.NONE;
  }

  @Override
  public double noiseStd(double t) {
    return noise.gamma(t);
  }

  @Override
  public double tMin() {
    return singularAtEnds() ? T_EPS : 0;
  }

  @Override
  public double tMax() {
    return singularAtEnds() || scheduler instanceof VpScheduler ? 1 - T_EPS : 1;
  }

  private boolean singularAtEnds() {
    return noise instanceof BrownianBridgeNoise;
  }
}
