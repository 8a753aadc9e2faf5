package org.flowmatch4j.fm.source;

import static org.flowmatch4j.ot.GoldenCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.ot.GoldenCases;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/**
 * The fit and the special functions against scipy and statsmodels
 * (golden/counts/counts.txt, written by src/test/python/gen_count_goldens.py), the gradient
 * against finite differences, and recovery of simulated parameters.
 */
class ZinbFitTest {
  private static final List<GoldenCases.Case> CASES = GoldenCases.read("/golden/counts/counts.txt");

  private static GoldenCases.Case named(String name) {
    return CASES.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void specialFunctionsMatchScipy() {
    GoldenCases.Case c = named("special");
    double[] x = c.vector("x");
    double[] lg = c.vector("lgamma");
    double[] dg = c.vector("digamma");
    for (int k = 0; k < x.length; k++) {
      assertEquals(lg[k], GammaFunctions.logGamma(x[k]), 1e-13 * Math.max(1, Math.abs(lg[k])), "lgamma " + x[k]);
      assertEquals(dg[k], GammaFunctions.digamma(x[k]), 1e-12 * Math.max(1, Math.abs(dg[k])), "digamma " + x[k]);
    }
  }

  @Test
  void logProbabilitiesMatchScipy() {
    int checked = 0;
    for (GoldenCases.Case c : CASES) {
      if (!c.name().startsWith("logpmf")) {
        continue;
      }
      double[] y = c.vector("y");
      double[] expected = c.vector("logpmf");
      for (int k = 0; k < y.length; k++) {
        double got = ZinbParameters.logZinb(y[k], c.scalar("m"), c.scalar("theta"), c.scalar("pi"));
        assertClose(expected[k], got, 1e-11, c.name() + " y=" + y[k]);
      }
      checked++;
    }
    assertEquals(4, checked);
  }

  @Test
  void fitsMatchStatsmodels() {
    GoldenCases.Case c = named("fit");
    int n = c.integer("n");
    int genes = c.integer("genes");
    Matrix counts = c.matrix("counts", n, genes);
    double[] s = c.vector("size_factors");
    ZinbParameters nb = ZinbFit.fit(counts, s, CountModel.NB);
    ZinbParameters zi = ZinbFit.fit(counts, s, CountModel.ZINB);
    for (int g = 0; g < genes; g++) {
      assertClose(c.vector("nb_mu")[g], nb.mu(g), 1e-5, "NB mu of gene " + g);
      assertClose(c.vector("nb_theta")[g], nb.theta(g), 1e-5, "NB theta of gene " + g);
      assertEquals(0, nb.pi(g));
      assertClose(c.vector("nb_loglik")[g], logLik(counts, s, nb, g), 1e-9, "NB log-likelihood of gene " + g);
      // the ZINB likelihood is flat along pi for weakly inflated genes: parameters to 1e-3, the maximum to 1e-8
      assertClose(c.vector("zinb_mu")[g], zi.mu(g), 1e-3, "ZINB mu of gene " + g);
      assertClose(c.vector("zinb_theta")[g], zi.theta(g), 1e-3, "ZINB theta of gene " + g);
      assertEquals(c.vector("zinb_pi")[g], zi.pi(g), 1e-3, "ZINB pi of gene " + g);
      double ours = logLik(counts, s, zi, g);
      double theirs = c.vector("zinb_loglik")[g];
      assertClose(theirs, ours, 1e-8, "ZINB log-likelihood of gene " + g);
    }
  }

  private static double logLik(Matrix counts, double[] s, ZinbParameters p, int g) {
    double sum = 0;
    for (int i = 0; i < counts.rows; i++) {
      sum += p.logProbability(g, counts.get(i, g), s[i]);
    }
    return sum;
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    double[] y = {0, 0, 3, 1, 0, 7, 0, 2, 12, 0};
    double[] s = {0.5, 1, 1.5, 0.8, 1.2, 2, 0.3, 1, 1.7, 0.9};
    GeneLikelihood lik = new GeneLikelihood(y, s);
    for (double[] p : new double[][] {{0.4, -0.3}, {0.4, -0.3, -0.7}, {1.2, 1.1, 0.5}}) {
      double[] g = new double[p.length];
      double f = lik.value(p, g);
      for (int j = 0; j < p.length; j++) {
        double h = 1e-6;
        double[] up = p.clone();
        double[] down = p.clone();
        up[j] += h;
        down[j] -= h;
        double fd = (lik.value(up, null) - lik.value(down, null)) / (2 * h);
        assertEquals(fd, g[j], 1e-6 * Math.max(1, Math.abs(fd)), "d/dp" + j + " at " + java.util.Arrays.toString(p));
      }
      double direct = 0;
      for (int i = 0; i < y.length; i++) {
        direct += ZinbParameters.logZinb(y[i], s[i] * Math.exp(p[0]), Math.exp(p[1]),
            p.length == 3 ? 1 / (1 + Math.exp(-p[2])) : 0);
      }
      assertEquals(direct, f, 1e-10 * Math.abs(direct));
    }
  }

  @Test
  void recoversSimulatedParametersWithLibraryOffsets() {
    SplittableRandom rng = new SplittableRandom(11);
    int n = 20_000;
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = Math.exp(0.5 * rng.nextGaussian());
    }
    double[] mu = {0.3, 2, 10};
    double[] theta = {0.5, 2, 8};
    double[] pi = {0.2, 0.4, 0.1};
    Matrix counts = new Matrix(n, 3);
    for (int i = 0; i < n; i++) {
      for (int g = 0; g < 3; g++) {
        counts.set(i, g, rng.nextDouble() < pi[g] ? 0 : (float) CountSampler.negativeBinomial(rng, s[i] * mu[g], theta[g]));
      }
    }
    ZinbParameters fit = ZinbFit.fit(counts, s, CountModel.ZINB);
    for (int g = 0; g < 3; g++) {
      assertEquals(mu[g], fit.mu(g), 0.1 * mu[g], "mu " + g);
      assertEquals(theta[g], fit.theta(g), 0.25 * theta[g], "theta " + g);
      assertEquals(pi[g], fit.pi(g), 0.05, "pi " + g);
    }
  }

  @Test
  void cellsOfSizeFactorZeroLeaveTheFitUnchanged() {
    Matrix counts = new Matrix(6, 1, new float[] {0, 3, 1, 0, 0, 7});
    Matrix withEmpty = new Matrix(8, 1, new float[] {0, 3, 1, 0, 0, 7, 0, 0});
    ZinbParameters a = ZinbFit.fit(counts, new double[] {1, 2, 0.5, 1, 0.7, 3}, CountModel.NB);
    ZinbParameters b = ZinbFit.fit(withEmpty, new double[] {1, 2, 0.5, 1, 0.7, 3, 0, 0}, CountModel.NB);
    assertEquals(a.mu(0), b.mu(0), 0);
    assertEquals(a.theta(0), b.theta(0), 0);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ZinbFit.fit(new Matrix(2, 1, new float[] {1, 2}), new double[] {1, 0}, CountModel.NB));
  }

  @Test
  void aGeneWithoutCountsIsThePointMassAtZero() {
    double[] p = ZinbFit.fitGene(new double[] {0, 0, 0}, new double[] {1, 2, 3}, CountModel.ZINB);
    assertEquals(0, p[0]);
    assertEquals(0, p[2]);
  }
}
