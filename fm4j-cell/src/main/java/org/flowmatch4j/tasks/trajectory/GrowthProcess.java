package org.flowmatch4j.tasks.trajectory;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Matrix;

/**
 * A simulated cell population with known motion and known, state-dependent birth and death: the
 * Ito SDE {@code dx = f(x) dt + noise dW} in d dimensions, integrated by Euler-Maruyama with steps of
 * at most {@link #dt()}, each cell dividing at the rate {@code b(x)} and dying at the rate
 * {@code d(x)}, so that the population density p follows
 *
 * <pre>  dp/dt + div(p f) = (noise^2 / 2) laplace(p) + g p,   g(x) = b(x) - d(x).</pre>
 *
 * The true population is simulated as weighted particles ({@link #simulate}), the observed time
 * course as one branching population whose every living cell is recorded at each time ({@link
 * #branching}). With {@link #nonNegative()} every coordinate is clipped at 0 after each step (gene
 * expression levels).
 */
public interface GrowthProcess {

  /** {@code n} cells at time 0 (n x d). */
  Matrix start(int n, SplittableRandom rng);

  /** Writes the drift f(x) of every row of {@code x} (n x d) into {@code out} (n x d). */
  void drift(Matrix x, Matrix out);

  /** The diffusion coefficient of every coordinate. */
  double noise();

  /** The largest Euler-Maruyama step. */
  double dt();

  /** The birth (division) rate b(x) of row {@code i} of {@code x}. */
  double birth(Matrix x, int i);

  /** The death rate d(x) of row {@code i} of {@code x}. */
  double death(Matrix x, int i);

  /** Whether every coordinate is clipped at 0 after each step. */
  boolean nonNegative();

  /** The true growth rate {@code g = b - d} at each row of {@code x}. */
  default double[] growthRate(Matrix x) {
    double[] g = new double[x.rows];
    for (int i = 0; i < g.length; i++) {
      g[i] = birth(x, i) - death(x, i);
    }
    return g;
  }

  /**
   * The true weighted population at each time: {@code particles} particles from {@link #start},
   * weight 1/particles each, moved by Euler-Maruyama with {@code w <- w exp(g h)} per step, recorded
   * at the (increasing, non-negative) {@code times}. The total weight at time t is the expected
   * population size relative to time 0.
   */
  default GrowthModel.Particles[] simulate(int particles, double[] times, SplittableRandom rng) {
    Matrix x = start(particles, rng);
    int d = x.cols;
    double[] logW = new double[particles];
    Arrays.fill(logW, -Math.log(particles));
    Matrix f = new Matrix(particles, d);
    GrowthModel.Particles[] out = new GrowthModel.Particles[times.length];
    double now = 0;
    for (int k = 0; k < times.length; k++) {
      int steps = (int) Math.ceil((times[k] - now) / dt());
      double h = steps == 0 ? 0 : (times[k] - now) / steps;
      double sq = noise() * Math.sqrt(h);
      for (int s = 0; s < steps; s++) {
        double[] g = growthRate(x);
        drift(x, f);
        for (int i = 0; i < particles; i++) {
          logW[i] += h * g[i];
          for (int c = 0; c < d; c++) {
            x.data[d * i + c] += (float) (h * f.data[d * i + c] + sq * rng.nextGaussian());
          }
        }
        clip(x.data, x.data.length);
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
   * An observed time course of one branching population, as the gene-circuit data of TIGON, DeepRUOT
   * and WFR-FM record it: {@code n0} cells from {@link #start}; in each Euler-Maruyama step h a cell
   * dies with probability {@code h d(x)}, divides (two cells at its position, each then moved by its
   * own noise) with probability {@code h b(x)}, and otherwise moves on, so the expected size of the
   * population is {@code n0} times the mass of {@link #simulate}. Every living cell is recorded at
   * each of the (increasing, non-negative) {@code times}; consecutive snapshots are the same lineages
   * and the counts carry the population size with only the noise of the births and deaths.
   *
   * @throws IllegalStateException if the population dies out before the last time
   */
  default TimeCourse branching(int n0, double[] times, SplittableRandom rng) {
    Matrix x = start(n0, rng);
    int d = x.cols;
    Matrix[] snaps = new Matrix[times.length];
    Matrix f = new Matrix(n0, d);
    double now = 0;
    for (int k = 0; k < times.length; k++) {
      int steps = (int) Math.ceil((times[k] - now) / dt());
      double h = steps == 0 ? 0 : (times[k] - now) / steps;
      double sq = noise() * Math.sqrt(h);
      for (int s = 0; s < steps; s++) {
        if (f.rows != x.rows) {
          f = new Matrix(x.rows, d);
        }
        drift(x, f);
        float[] next = new float[2 * d * x.rows];
        int alive = 0;
        for (int i = 0; i < x.rows; i++) {
          double u = rng.nextDouble();
          double dr = death(x, i);
          if (u < h * dr) {
            continue;
          }
          int copies = u < h * (dr + birth(x, i)) ? 2 : 1;
          for (int copy = 0; copy < copies; copy++) {
            for (int c = 0; c < d; c++) {
              next[d * alive + c] = (float) (x.data[d * i + c] + h * f.data[d * i + c] + sq * rng.nextGaussian());
            }
            alive++;
          }
        }
        if (alive == 0) {
          throw new IllegalStateException("the simulated population died out at time " + (now + (s + 1) * h));
        }
        clip(next, d * alive);
        x = new Matrix(alive, d, Arrays.copyOf(next, d * alive));
      }
      now = times[k];
      snaps[k] = x.copy();
    }
    return new TimeCourse(times, snaps);
  }

  private void clip(float[] v, int n) {
    if (nonNegative()) {
      for (int k = 0; k < n; k++) {
        v[k] = Math.max(v[k], 0f);
      }
    }
  }
}
