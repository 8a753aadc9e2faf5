package org.flowmatch4j.tasks.trajectory;

import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Matrix;

/**
 * A simulated differentiation time course with known, state-dependent growth (birth, and death when
 * {@code death} is positive): the cells move as in {@link BifurcationProcess} and grow at the rate
 *
 * <pre>  g(x, y) = beta y+^2 / (1 + y+^2) - death,   y+ = max(y, 0)</pre>
 *
 * a Hill-type birth rate in one fate (y &gt; 0), as the growth of the gene-circuit simulations of
 * TIGON, DeepRUOT and WFR-FM ({@code x2^2 / (1 + x2^2)}, {@link GeneCircuit}), less a constant death
 * rate (so with {@code death > 0} the other fate and undecided cells die slowly). The cells start
 * from {@code N(0, startStd^2 I)}; the true population and the observed branching population are
 * simulated as {@link GrowthProcess} describes.
 *
 * @param process the motion
 * @param beta the largest birth rate (reached for y much greater than 1)
 * @param death the death rate of every cell
 */
public record GrowingBifurcation(BifurcationProcess process, double beta, double death) implements GrowthProcess {

  /**
   * The demo: the bifurcation of {@link BifurcationProcess#demo()} with its threshold at 0, so the
   * fates part from the start (as in the gene-circuit simulations), beta = 1 and death = 0.2.
   */
  public static GrowingBifurcation demo() {
    BifurcationProcess p = BifurcationProcess.demo();
    return new GrowingBifurcation(new BifurcationProcess(p.speed(), p.rate(), 0, p.noise(), p.startStd(), p.dt()), 1,
        0.2);
  }

  @Override
  public Matrix start(int n, SplittableRandom rng) {
    Matrix x = new Matrix(n, 2);
    for (int k = 0; k < x.data.length; k++) {
      x.data[k] = (float) (process.startStd() * rng.nextGaussian());
    }
    return x;
  }

  @Override
  public void drift(Matrix x, Matrix out) {
    process.drift(x, out);
  }

  @Override
  public double noise() {
    return process.noise();
  }

  @Override
  public double dt() {
    return process.dt();
  }

  /** {@code beta y+^2 / (1 + y+^2)}. */
  @Override
  public double birth(Matrix x, int i) {
    double y = Math.max(x.data[2 * i + 1], 0);
    return beta * y * y / (1 + y * y);
  }

  @Override
  public double death(Matrix x, int i) {
    return death;
  }

  @Override
  public boolean nonNegative() {
    return false;
  }
}
