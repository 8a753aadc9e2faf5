package org.flowmatch4j.fm.growth;

import java.util.SplittableRandom;
import org.flowmatch4j.fm.source.EmpiricalSource;
import org.flowmatch4j.ot.GroundCost;
import org.flowmatch4j.ot.SemiCouplings;
import org.flowmatch4j.ot.Sinkhorn;
import org.flowmatch4j.ot.SinkhornConfig;
import org.flowmatch4j.ot.SinkhornResult;
import org.flowmatch4j.tensor.Matrix;

/**
 * Unbalanced minibatch OT-CFM targets of one interval: n cells drawn from each population, source
 * masses {@code 1/n}, target masses {@code r/n} with r the population's relative mass growth over
 * the interval, the unbalanced entropic plan P of the squared Euclidean cost (the project's
 * {@link Sinkhorn}), and pairs drawn from its semi-coupling gamma0 with masses m0, m1 as in
 * {@link SemiCouplings}. Each pair follows a straight path with exponential mass interpolation:
 *
 * <pre>
 *   x_t = (1 - t) x0 + t x1 + sigma eps,   u_t = x1 - x0,
 *   m_t = m0 (m1 / m0)^t,                  g_t = log(m1 / m0),   w = m_t / m0.
 * </pre>
 */
public final class UnbalancedMinibatchTargets implements IntervalTargets {
  private final EmpiricalSource from;
  private final EmpiricalSource to;
  private final double growth;
  private final SinkhornConfig sinkhorn;
  private final double sigma;

  /**
   * @param from source cells
   * @param to target cells
   * @param growth relative total mass of the target population over the source's, > 0
   * @param sinkhorn the unbalanced entropic problem (made strict: a failed solve throws)
   * @param sigma path noise, >= 0
   */
  public UnbalancedMinibatchTargets(Matrix from, Matrix to, double growth, SinkhornConfig sinkhorn, double sigma) {
    if (!(growth > 0) || Double.isInfinite(growth) || !(sigma >= 0)) {
      throw new IllegalArgumentException("need growth > 0 and sigma >= 0, got " + growth + ", " + sigma);
    }
    this.from = new EmpiricalSource(from);
    this.to = new EmpiricalSource(to);
    this.growth = growth;
    this.sinkhorn = sinkhorn.withStrict(true);
    this.sigma = sigma;
  }

  @Override
  public void draw(SplittableRandom rng, int n, float[] xt, float[] ut, float[] gt, float[] w, float[] t, int off) {
    int d = from.dim();
    Matrix a = new Matrix(n, d);
    Matrix b = new Matrix(n, d);
    from.sample(rng, a);
    to.sample(rng, b);
    double[] ma = new double[n];
    double[] mb = new double[n];
    java.util.Arrays.fill(ma, 1.0 / n);
    java.util.Arrays.fill(mb, growth / n);
    SinkhornResult r = new Sinkhorn().solve(a, ma, b, mb, GroundCost.SQ_EUCLIDEAN, sinkhorn);
    int[] i0 = new int[n];
    int[] i1 = new int[n];
    double[] m0 = new double[n];
    double[] m1 = new double[n];
    SemiCouplings.of(ma, mb, java.util.Arrays.copyOf(r.plan(), n * n)).sample(rng, i0, i1, m0, m1);
    for (int k = 0; k < n; k++) {
      double tk = rng.nextDouble();
      int row = off + k;
      t[row] = (float) tk;
      double logRatio = Math.log(m1[k] / m0[k]);
      for (int c = 0; c < d; c++) {
        double x0 = a.data[i0[k] * d + c];
        double x1 = b.data[i1[k] * d + c];
        xt[row * d + c] = (float) ((1 - tk) * x0 + tk * x1 + (sigma > 0 ? sigma * rng.nextGaussian() : 0));
        ut[row * d + c] = (float) (x1 - x0);
      }
      gt[row] = (float) logRatio;
      w[row] = (float) Math.exp(tk * logRatio);
    }
  }

  @Override
  public String describe() {
    return "uot-minibatch(eps=" + sinkhorn.epsilon() + ", tauA=" + sinkhorn.tauA() + ", tauB=" + sinkhorn.tauB()
        + ", sigma=" + sigma + ")";
  }
}
