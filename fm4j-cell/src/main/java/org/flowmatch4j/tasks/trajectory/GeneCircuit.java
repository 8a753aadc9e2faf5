package org.flowmatch4j.tasks.trajectory;

import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Matrix;

/**
 * The two-gene regulatory circuit of the growth benchmarks of TIGON, DeepRUOT and WFR-FM
 * ({@code simulation_gene_data.csv}): expression levels (x1, x2) >= 0 follow the Ito SDE with
 * additive noise
 *
 * <pre>
 *   dx1 = [ a1 x1^2 / (s1^2 + x1^2) * s2^2 / (s2^2 + x2^2) + c1 x2^2 / (1 + x2^2) - k1 x1 ] dt + noise dW1
 *   dx2 = [ a2 x2^2 / (s3^2 + x2^2) + b2 x1^2 / (1 + x1^2)                    - k2 x2 ] dt + noise dW2
 * </pre>
 *
 * (self-activation of both genes, x2 repressing the self-activation of x1 and inducing x1 a little,
 * x1 inducing x2, linear decay), clipped at 0 after each Euler-Maruyama step of {@link #dt}, and
 * cells divide at the rate
 *
 * <pre>  g(x) = alpha x2^2 / (1 + x2^2)</pre>
 *
 * with no death: the growth law of the published data, whose evaluation correlates the learned
 * rate with {@code x2^2 / (1 + x2^2)}. The population starts as the published one: half of the
 * cells from {@code N((2, 0.2), 0.1^2 I)} (x1 on: they switch to x2 and divide), half from
 * {@code N((0, 0), 0.1^2 I)} (both genes off: they stay there and hardly divide), clipped at 0.
 * No generator of the published data is published: the start and the growth law were read off the
 * data, the drift constants of {@link #published()} fitted to its per-time means (docs/growth.md,
 * "Gene circuit", with the table of counts, means and spreads against the published file).
 *
 * @param a1 self-activation of x1
 * @param s1 its threshold
 * @param s2 the level of x2 that halves it
 * @param c1 induction of x1 by x2
 * @param k1 decay rate of x1
 * @param a2 self-activation of x2
 * @param s3 its threshold
 * @param b2 induction of x2 by x1
 * @param k2 decay rate of x2
 * @param alpha the largest division rate (reached for x2 much greater than 1)
 * @param noise diffusion coefficient of both genes
 * @param dt simulation step
 */
public record GeneCircuit(double a1, double s1, double s2, double c1, double k1, double a2, double s3, double b2,
    double k2, double alpha, double noise, double dt) implements GrowthProcess {

  /** The circuit fitted to the published data (constants in docs/growth.md), dt 0.01. */
  public static GeneCircuit published() {
    return new GeneCircuit(6.0, 1.206, 1.299, 0.97, 2.344, 6.0, 1.852, 1.674, 1.717, 0.5, 0.07, 0.01);
  }

  /** Half of the cells (the first n/2, rounded down) with x1 on, the rest with both genes off. */
  @Override
  public Matrix start(int n, SplittableRandom rng) {
    Matrix x = new Matrix(n, 2);
    for (int i = 0; i < n; i++) {
      boolean on = i < n / 2;
      x.data[2 * i] = (float) Math.max((on ? 2 : 0) + 0.1 * rng.nextGaussian(), 0);
      x.data[2 * i + 1] = (float) Math.max((on ? 0.2 : 0) + 0.1 * rng.nextGaussian(), 0);
    }
    return x;
  }

  @Override
  public void drift(Matrix x, Matrix out) {
    x.requireShape(x.rows, 2, "gene circuit state");
    out.requireShape(x.rows, 2, "gene circuit drift");
    for (int i = 0; i < x.rows; i++) {
      double x1 = x.data[2 * i];
      double x2 = x.data[2 * i + 1];
      double q1 = x1 * x1;
      double q2 = x2 * x2;
      out.data[2 * i] = (float) (a1 * q1 / (s1 * s1 + q1) * s2 * s2 / (s2 * s2 + q2) + c1 * q2 / (1 + q2) - k1 * x1);
      out.data[2 * i + 1] = (float) (a2 * q2 / (s3 * s3 + q2) + b2 * q1 / (1 + q1) - k2 * x2);
    }
  }

  /** {@code alpha x2^2 / (1 + x2^2)}. */
  @Override
  public double birth(Matrix x, int i) {
    double x2 = x.data[2 * i + 1];
    return alpha * x2 * x2 / (1 + x2 * x2);
  }

  @Override
  public double death(Matrix x, int i) {
    return 0;
  }

  @Override
  public boolean nonNegative() {
    return true;
  }
}
