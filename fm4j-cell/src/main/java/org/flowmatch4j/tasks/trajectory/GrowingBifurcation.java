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
 * {@code death > 0} the other fate and undecided cells die slowly). The true population is
 * simulated as weighted particles by Euler-Maruyama with {@code w <- w exp(g h)} ({@link
 * #simulate}); the observed time course is one branching population of cells that divide and die
 * at these rates, every living cell recorded at each time ({@link #branching}), so the counts carry
 * the population size, as the published protocols assume.
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
   * An observed time course of one branching population, as the gene-circuit data of TIGON and
   * WFR-FM record it: {@code n0} cells start from {@code N(0, startStd^2 I)} and move as in
   * {@link #process}; in each Euler-Maruyama step h a cell divides (a daughter at its position)
   * with probability {@code h beta y+^2 / (1 + y+^2)} and dies with probability {@code h death}, so
   * the expected size of the population is {@code n0} times the mass of {@link #simulate}. Every
   * living cell is recorded at each of the (increasing, non-negative) {@code times}; the counts
   * then carry the population size with only the noise of the births and deaths themselves, and
   * consecutive snapshots are the same lineages.
   *
   * @throws IllegalStateException if the population dies out before the last time
   */
  public TimeCourse branching(int n0, double[] times, SplittableRandom rng) {
    BifurcationProcess p = process;
    Matrix x = new Matrix(n0, 2);
    for (int k = 0; k < x.data.length; k++) {
      x.data[k] = (float) (p.startStd() * rng.nextGaussian());
    }
    Matrix[] snaps = new Matrix[times.length];
    Matrix f = new Matrix(n0, 2);
    double now = 0;
    for (int k = 0; k < times.length; k++) {
      int steps = (int) Math.ceil((times[k] - now) / p.dt());
      double h = steps == 0 ? 0 : (times[k] - now) / steps;
      double sq = p.noise() * Math.sqrt(h);
      for (int s = 0; s < steps; s++) {
        if (f.rows != x.rows) {
          f = new Matrix(x.rows, 2);
        }
        p.drift(x, f);
        float[] next = new float[4 * x.rows];
        int alive = 0;
        for (int i = 0; i < x.rows; i++) {
          double y = Math.max(x.data[2 * i + 1], 0);
          double u = rng.nextDouble();
          if (u < h * death) {
            continue;
          }
          int copies = u < h * (death + beta * y * y / (1 + y * y)) ? 2 : 1;
          for (int c = 0; c < copies; c++) {
            next[2 * alive] = (float) (x.data[2 * i] + h * f.data[2 * i] + sq * rng.nextGaussian());
            next[2 * alive + 1] = (float) (x.data[2 * i + 1] + h * f.data[2 * i + 1] + sq * rng.nextGaussian());
            alive++;
          }
        }
        if (alive == 0) {
          throw new IllegalStateException("the simulated population died out at time " + (now + (s + 1) * h));
        }
        x = new Matrix(alive, 2, java.util.Arrays.copyOf(next, 2 * alive));
      }
      now = times[k];
      snaps[k] = x.copy();
    }
    return new TimeCourse(times, snaps);
  }
}
