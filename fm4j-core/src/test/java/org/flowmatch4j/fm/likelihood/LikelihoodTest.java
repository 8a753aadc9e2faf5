package org.flowmatch4j.fm.likelihood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.flowmatch4j.fm.DifferentiableField;
import org.flowmatch4j.fm.MlpField;
import org.flowmatch4j.fm.path.VpScheduler;
import org.flowmatch4j.fm.solver.Dopri5;
import org.flowmatch4j.fm.solver.FixedStepMethod;
import org.flowmatch4j.fm.solver.FixedStepSolver;
import org.flowmatch4j.fm.solver.OdeSolver;
import org.flowmatch4j.fm.source.GaussianMixtureSource;
import org.flowmatch4j.fm.source.GaussianSource;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LikelihoodTest {
  private static final double[][] A = {{0.3, -0.8, 0.1}, {0.5, -0.2, 0.0}, {0.2, 0.4, 0.6}};

  static Matrix gaussian(int n, int d, double scale, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Matrix m = new Matrix(n, d);
    for (int k = 0; k < m.data.length; k++) {
      m.data[k] = (float) (scale * r.nextGaussian());
    }
    return m;
  }

  static Stream<OdeSolver> solvers() {
    return Stream.of(
        new FixedStepSolver(FixedStepMethod.RK4, 40),
        new FixedStepSolver(FixedStepMethod.HEUN, 400),
        new FixedStepSolver(FixedStepMethod.MIDPOINT, 400),
        new Dopri5(1e-7, 1e-7, 10_000));
  }

  /** log p1(x) = log p0(e^{-A} x) - tr(A) for v = A x. */
  @ParameterizedTest
  @MethodSource("solvers")
  void linearFieldGivesTheLogDeterminant(OdeSolver solver) {
    Matrix x = gaussian(64, 3, 1.5, 1);
    LikelihoodResult r = Likelihood.evaluate(GaussianFields.linear(A), new GaussianSource(3), x,
        LikelihoodConfig.of(solver, DivergenceEstimator.exact()));
    double[][] back = GaussianFields.expm(negate(A));
    double trace = A[0][0] + A[1][1] + A[2][2];
    for (int i = 0; i < x.rows; i++) {
      Matrix x0 = new Matrix(1, 3);
      for (int a = 0; a < 3; a++) {
        double s = 0;
        for (int b = 0; b < 3; b++) {
          s += back[a][b] * x.data[i * 3 + b];
        }
        x0.data[a] = (float) s;
        assertEquals(s, r.x0().data[i * 3 + a], 2e-4 * Math.max(1, Math.abs(s)), "x0 of point " + i);
      }
      double want = GaussianFields.logNormal(x0, 0, new double[3], 1) - trace;
      assertEquals(want, r.logLikelihood()[i], 2e-4, "log p1 of point " + i + " with " + solver);
      assertEquals(0, r.standardError()[i]);
    }
  }

  /** The sign of the correction: an expanding field (positive divergence) lowers the density. */
  @Test
  void expandingFlowLowersTheDensity() {
    double[][] grow = {{1.0}};
    Matrix x = new Matrix(1, 1, new float[] {0f});
    LikelihoodResult r = Likelihood.evaluate(GaussianFields.linear(grow), new GaussianSource(1), x,
        LikelihoodConfig.of(new FixedStepSolver(FixedStepMethod.RK4, 20), DivergenceEstimator.exact()));
    // p1 = N(0, e^2): log p1(0) = -log(e) - log(2 pi)/2
    assertEquals(-1 - 0.5 * Math.log(2 * Math.PI), r.logLikelihood()[0], 1e-6);
  }

  /** The straight flow N(0, I) -> N(mu, s^2 I) has marginals N(t mu, (1 + t(s - 1))^2 I) at every t. */
  @ParameterizedTest
  @MethodSource("solvers")
  void straightGaussianFlowHasTheExactMarginalAtEveryTime(OdeSolver solver) {
    double[] mu = {2.0, -1.0, 0.5};
    for (double s : new double[] {0.5, 2.0}) {
      DifferentiableField v = GaussianFields.straightGaussian(mu, s);
      for (double t : new double[] {0.25, 0.5, 1.0}) {
        Matrix x = gaussian(40, 3, 1, 2);
        double sd = 1 + t * (s - 1);
        double[] m = new double[3];
        for (int j = 0; j < 3; j++) {
          m[j] = t * mu[j];
        }
        for (int k = 0; k < x.data.length; k++) {
          x.data[k] = (float) (m[k % 3] + sd * x.data[k]);
        }
        LikelihoodResult r = Likelihood.evaluate(v, new GaussianSource(3), x,
            LikelihoodConfig.of(solver, DivergenceEstimator.exact()).withTimes(t, 0));
        for (int i = 0; i < x.rows; i++) {
          assertEquals(GaussianFields.logNormal(x, i, m, sd * sd), r.logLikelihood()[i], 3e-4,
              "s=" + s + " t=" + t + " point " + i);
        }
      }
    }
  }

  /**
   * The probability-flow ODE of variance-preserving diffusion of Gaussian data N(mu, s^2 I): the
   * marginal at t is N(alpha mu, (alpha^2 s^2 + sigma^2) I), integrated from near the data end back
   * to t = 0, where the exact p_0 is not quite N(0, I).
   */
  @Test
  void vpProbabilityFlowOfGaussianDataHasTheExactMarginal() {
    VpScheduler vp = VpScheduler.standard();
    double[] mu = {1.5, -0.5};
    double s = 0.6;
    DifferentiableField v = GaussianFields.gaussianMarginal(vp, mu, s);
    double tData = 0.999;
    double a1 = vp.alpha(tData);
    double var1 = a1 * a1 * s * s + Math.pow(vp.sigma(tData), 2);
    double a0 = vp.alpha(0);
    double sd0 = Math.sqrt(a0 * a0 * s * s + Math.pow(vp.sigma(0), 2));
    GaussianMixtureSource p0 = GaussianMixtureSource.uniform(new Matrix(1, 2, new float[] {(float) (a0 * mu[0]), (float) (a0 * mu[1])}), sd0);
    Matrix x = gaussian(50, 2, Math.sqrt(var1), 3);
    double[] m = {a1 * mu[0], a1 * mu[1]};
    for (int k = 0; k < x.data.length; k++) {
      x.data[k] += (float) m[k % 2];
    }
    for (DivergenceEstimator est : new DivergenceEstimator[] {
        DivergenceEstimator.exact(), DivergenceEstimator.hutchinson(ProbeDistribution.RADEMACHER, 3, 5)}) {
      LikelihoodResult r = Likelihood.evaluate(v, p0, x,
          LikelihoodConfig.of(new Dopri5(1e-7, 1e-7, 20_000), est).withTimes(tData, 0));
      for (int i = 0; i < x.rows; i++) {
        assertEquals(GaussianFields.logNormal(x, i, m, var1), r.logLikelihood()[i], 1e-3, est.label() + " point " + i);
        // Rademacher probes are exact for a Jacobian that is a multiple of I
        assertEquals(0, r.standardError()[i], 1e-6);
      }
    }
  }

  /**
   * Hutchinson's estimate is unbiased and its standard error is right: for v = A x every probe
   * gives -eps^T A eps exactly, whose variance is known (Rademacher: sum_{i<j} (A_ij + A_ji)^2;
   * Gaussian: 2 ||(A + A^T)/2||_F^2). The mean over points agrees with the exact mean within the
   * probe standard error, and the squared per-point standard errors average to variance / K.
   */
  @ParameterizedTest
  @MethodSource("probeKinds")
  void hutchinsonIsUnbiasedWithinItsStandardError(ProbeDistribution probe) {
    Matrix x = gaussian(400, 3, 1, 4);
    int k = 8;
    LikelihoodConfig exactCfg = LikelihoodConfig.of(new FixedStepSolver(FixedStepMethod.RK4, 20), DivergenceEstimator.exact());
    LikelihoodResult exact = Likelihood.evaluate(GaussianFields.linear(A), new GaussianSource(3), x, exactCfg);
    LikelihoodResult h = Likelihood.evaluate(GaussianFields.linear(A), new GaussianSource(3), x,
        new LikelihoodConfig(exactCfg.solver(), DivergenceEstimator.hutchinson(probe, k, 11), 1, 0, 1024));
    double variance = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double sym = 0.5 * (A[i][j] + A[j][i]);
        variance += probe == ProbeDistribution.GAUSSIAN ? 2 * sym * sym : (i == j ? 0 : 2 * sym * sym);
      }
    }
    double meanSq = 0;
    for (double e : h.standardError()) {
      meanSq += e * e / x.rows;
    }
    assertEquals(variance / k, meanSq, 0.15 * variance / k, "mean squared standard error");
    double meanDiff = h.mean() - exact.mean();
    double se = h.probeStandardErrorOfMean();
    assertEquals(Math.sqrt(variance / k / x.rows), se, 0.1 * se);
    assertTrue(Math.abs(meanDiff) < 4 * se, "mean difference " + meanDiff + " vs s.e. " + se);
    // the source ends of the trajectories do not depend on the divergence estimator
    assertArrayEquals(exact.x0().data, h.x0().data, 1e-6f);
  }

  static Stream<ProbeDistribution> probeKinds() {
    return Stream.of(ProbeDistribution.values());
  }

  /**
   * For an untrained network the change of variables must equal log |det| of the Jacobian of the
   * flow map x1 -> x0, computed by central finite differences of the discrete flow.
   */
  @Test
  void networkFlowMatchesTheFiniteDifferenceJacobianOfItsMap() {
    Mlp net = new Mlp(MlpConfig.velocity(2, 16, 2, Activation.TANH, 9));
    MlpField v = MlpField.of(net);
    OdeSolver rk4 = new FixedStepSolver(FixedStepMethod.RK4, 100);
    Matrix x = gaussian(20, 2, 1.5, 6);
    LikelihoodResult r = Likelihood.evaluate(v, new GaussianSource(2), x, LikelihoodConfig.of(rk4, DivergenceEstimator.exact()));
    double h = 1e-2;
    for (int i = 0; i < x.rows; i++) {
      Matrix probes = new Matrix(4, 2);
      for (int j = 0; j < 2; j++) {
        for (int sgn = 0; sgn < 2; sgn++) {
          int row = 2 * j + sgn;
          probes.data[2 * row] = x.data[2 * i];
          probes.data[2 * row + 1] = x.data[2 * i + 1];
          probes.data[2 * row + j] += (float) (sgn == 0 ? h : -h);
        }
      }
      Matrix back = rk4.integrate(v, probes, 1, 0).x();
      double[][] jac = new double[2][2];
      for (int j = 0; j < 2; j++) {
        double hp = (double) probes.data[2 * (2 * j) + j] - probes.data[2 * (2 * j + 1) + j];
        for (int a = 0; a < 2; a++) {
          jac[a][j] = (back.data[2 * (2 * j) + a] - back.data[2 * (2 * j + 1) + a]) / hp;
        }
      }
      double logDet = Math.log(Math.abs(jac[0][0] * jac[1][1] - jac[0][1] * jac[1][0]));
      assertEquals(logDet, r.logLikelihood()[i] - r.logSource()[i], 2e-3, "point " + i);
    }
  }

  @Test
  void sameSeedSameResultAndBatchingDoesNotChangeExactResults() {
    Mlp net = new Mlp(MlpConfig.velocity(2, 16, 2, Activation.SELU, 3));
    Matrix x = gaussian(50, 2, 1, 7);
    OdeSolver rk4 = new FixedStepSolver(FixedStepMethod.RK4, 16);
    DivergenceEstimator h = DivergenceEstimator.hutchinson(ProbeDistribution.GAUSSIAN, 4, 42);
    LikelihoodConfig cfg = LikelihoodConfig.of(rk4, h).withBatch(16);
    LikelihoodResult a = Likelihood.evaluate(MlpField.of(net), new GaussianSource(2), x, cfg);
    LikelihoodResult b = Likelihood.evaluate(MlpField.of(net), new GaussianSource(2), x, cfg);
    assertArrayEquals(a.logLikelihood(), b.logLikelihood());
    assertEquals(4, a.batches());
    assertEquals(4 * 64, a.nfe());
    LikelihoodResult c = Likelihood.evaluate(MlpField.of(net), new GaussianSource(2), x,
        LikelihoodConfig.of(rk4, DivergenceEstimator.hutchinson(ProbeDistribution.GAUSSIAN, 4, 43)).withBatch(16));
    assertFalse(java.util.Arrays.equals(a.logLikelihood(), c.logLikelihood()));
    LikelihoodResult e1 = Likelihood.evaluate(MlpField.of(net), new GaussianSource(2), x,
        LikelihoodConfig.of(rk4, DivergenceEstimator.exact()).withBatch(7));
    LikelihoodResult e2 = Likelihood.evaluate(MlpField.of(net), new GaussianSource(2), x,
        LikelihoodConfig.of(rk4, DivergenceEstimator.exact()));
    assertArrayEquals(e2.logLikelihood(), e1.logLikelihood(), 1e-5);
  }

  @Test
  void summariesFollowTheirFormulas() {
    double[] lp = {-1, -2, -3, -6};
    double[] se = {0.3, 0.4, 0, 0};
    LikelihoodResult r = new LikelihoodResult(lp, se, lp, new Matrix(4, 2), 2, 10, 1);
    assertEquals(-3, r.mean(), 1e-12);
    assertEquals(Math.sqrt(14.0 / 3), r.std(), 1e-12);
    assertEquals(Math.sqrt(14.0 / 3) / 2, r.standardErrorOfMean(), 1e-12);
    assertEquals(0.5 / 4, r.probeStandardErrorOfMean(), 1e-12);
    assertEquals(3 / (2 * Math.log(2)), r.bitsPerDim(), 1e-12);
    assertEquals(6 / (2 * Math.log(2)), r.bitsPerDim(3), 1e-12);
  }

  @Test
  void singleProbeHasNoStandardError() {
    Matrix x = gaussian(5, 3, 1, 8);
    LikelihoodResult r = Likelihood.evaluate(GaussianFields.linear(A), new GaussianSource(3), x,
        LikelihoodConfig.of(new FixedStepSolver(FixedStepMethod.EULER, 4), DivergenceEstimator.hutchinson(ProbeDistribution.RADEMACHER, 1, 1)));
    assertTrue(Double.isNaN(r.standardError()[0]));
    assertTrue(Double.isNaN(r.probeStandardErrorOfMean()));
    assertTrue(Double.isFinite(r.mean()));
  }

  @Test
  void badInputsAreRejected() {
    LikelihoodConfig cfg = LikelihoodConfig.of(new FixedStepSolver(FixedStepMethod.EULER, 2), DivergenceEstimator.exact());
    DifferentiableField v = GaussianFields.linear(A);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Likelihood.evaluate(v, new GaussianSource(3), new Matrix(4, 2), cfg));
    assertTrue(e.getMessage().contains("n x 3") && e.getMessage().contains("4x2"), e.getMessage());
    Matrix bad = new Matrix(2, 3);
    bad.data[4] = Float.NaN;
    e = assertThrows(IllegalArgumentException.class, () -> Likelihood.evaluate(v, new GaussianSource(3), bad, cfg));
    assertTrue(e.getMessage().contains("point 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DivergenceEstimator.hutchinson(ProbeDistribution.RADEMACHER, 0, 1));
    assertTrue(e.getMessage().contains("--probes must be >= 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> cfg.withBatch(0));
    assertTrue(e.getMessage().contains("batch"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ChangeOfVariables(v, 4, 3, new Matrix(6, 3)));
    assertTrue(e.getMessage().contains("blocks of 4x3"), e.getMessage());
    ChangeOfVariables cov = new ChangeOfVariables(v, 4, 3, null);
    e = assertThrows(IllegalArgumentException.class, () -> cov.eval(new Matrix(4, 3), 0, new Matrix(4, 3)));
    assertTrue(e.getMessage().contains("4x4"), e.getMessage());
  }

  private static double[][] negate(double[][] a) {
    double[][] m = new double[a.length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        m[i][j] = -a[i][j];
      }
    }
    return m;
  }
}
