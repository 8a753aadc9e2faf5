package org.flowmatch4j.tasks.trajectory;

import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Matrix;

/**
 * A simulated differentiation time course with known, state-dependent growth (birth, and death when
 * {@code death} is positive): the cells move as in {@link BifurcationProcess} and each carries a
 * weight that grows at the rate
 *
 * <pre>  g(x, y) = beta y+^2 / (1 + y+^2) - death,   y+ = max(y, 0)</pre>
 *
 * a Hill-type birth rate in one fate (y &gt; 0), as the growth of the gene-circuit simulations of
 * TIGON, DeepRUOT and WFR-FM ({@code x2^2 / (1 + x2^2)}), less a constant death rate (so with
 * {@code death > 0} the other fate and undecided cells die slowly). A population of particles is
 * simulated by Euler-Maruyama with weights {@code w <- w exp(g h)}; at each observation time
 * N_k = round(N_0 M_k) cells are drawn with probability proportional to weight (M_k = the mean
 * weight, so the counts carry the population size, as the published protocols assume).
 *
 * @param process the motion
 * @param beta the largest birth rate (reached for y much greater than 1)
 * @param death the death rate of every cell
 */
public record GrowingBifurcation(BifurcationProcess process, double beta, double death) {

  /**
   * The demo: the bifurcation of {@link BifurcationProcess#demo()} with its threshold at 0, so the
   * fates part from the start (as in the gene-circuit simulations), beta = 1 and death = 0.2.
   */
  public static GrowingBifurcation demo() {
    BifurcationProcess p = BifurcationProcess.demo();
    return new GrowingBifurcation(new BifurcationProcess(p.speed(), p.rate(), 0, p.noise(), p.startStd(), p.dt()), 1,
        0.2);
  }

  /** The true growth rate at each row of {@code x} (n x 2). */
  public double[] growthRate(Matrix x) {
    double[] g = new double[x.rows];
    for (int i = 0; i < g.length; i++) {
      double y = Math.max(x.data[2 * i + 1], 0);
      g[i] = beta * y * y / (1 + y * y) - death;
    }
    return g;
  }

  /**
   * The true weighted population at each time: {@code particles} particles started at time 0 with
   * weight 1/particles each, recorded at the (increasing, non-negative) {@code times}.
   */
  public GrowthModel.Particles[] simulate(int particles, double[] times, SplittableRandom rng) {
    BifurcationProcess p = process;
    Matrix x = new Matrix(particles, 2);
    for (int k = 0; k < x.data.length; k++) {
      x.data[k] = (float) (p.startStd() * rng.nextGaussian());
    }
    double[] logW = new double[particles];
    java.util.Arrays.fill(logW, -Math.log(particles));
    Matrix f = new Matrix(particles, 2);
    GrowthModel.Particles[] out = new GrowthModel.Particles[times.length];
    double now = 0;
    for (int k = 0; k < times.length; k++) {
      int steps = (int) Math.ceil((times[k] - now) / p.dt());
      double h = steps == 0 ? 0 : (times[k] - now) / steps;
      double sq = p.noise() * Math.sqrt(h);
      for (int s = 0; s < steps; s++) {
        double[] g = growthRate(x);
        p.drift(x, f);
        for (int i = 0; i < particles; i++) {
          logW[i] += h * g[i];
          x.data[2 * i] += (float) (h * f.data[2 * i] + sq * rng.nextGaussian());
          x.data[2 * i + 1] += (float) (h * f.data[2 * i + 1] + sq * rng.nextGaussian());
        }
      }
      now = times[k];
      double[] w = new double[particles];
      for (int i = 0; i < particles; i++) {
        w[i] = Math.exp(logW[i]);
      }
      out[k] = new GrowthModel.Particles(x.copy(), w);
    }
    return out;
  }

  /**
   * An observed time course: {@code n0} cells at time 0 and {@code round(n0 M_k)} at time k, each
   * drawn from the weighted population with probability proportional to weight.
   */
  public static TimeCourse observe(GrowthModel.Particles[] truth, double[] times, int n0, SplittableRandom rng) {
    Matrix[] snaps = new Matrix[times.length];
    for (int k = 0; k < times.length; k++) {
      double[] w = truth[k].w();
      double[] cum = new double[w.length];
      double s = 0;
      for (int i = 0; i < w.length; i++) {
        s += w[i];
        cum[i] = s;
      }
      int n = (int) Math.max(1, Math.round(n0 * s));
      int[] idx = new int[n];
      for (int r = 0; r < n; r++) {
        int pos = java.util.Arrays.binarySearch(cum, rng.nextDouble() * s);
        idx[r] = Math.min(w.length - 1, pos >= 0 ? pos : -pos - 1);
      }
      snaps[k] = truth[k].x().rows(idx);
    }
    return new TimeCourse(times, snaps);
  }
}
