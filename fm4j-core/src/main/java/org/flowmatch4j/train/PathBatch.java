package org.flowmatch4j.train;

import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.coupling.Coupling;
import org.flowmatch4j.fm.coupling.MinibatchCoupler;
import org.flowmatch4j.fm.coupling.PairSampler;
import org.flowmatch4j.fm.path.ProbPath;
import org.flowmatch4j.fm.source.Source;
import org.flowmatch4j.tensor.Matrix;

/**
 * The pair-and-path step of conditional flow matching, drawn from one generator in this order:
 *
 * <pre>
 *   (x0, x1) ~ coupled pairs          (n x d each)
 *   t_k ~ U(tMin, tMax)               (n x 1)
 *   eps ~ N(0, I) if the path is stochastic (n x d)
 *   x_t, u_t = path(x0, x1, t, eps)   (n x d each)
 * </pre>
 *
 * The objectives read the buffers they regress onto; every draw overwrites them. The work
 * buffers of the coupling are reused from draw to draw.
 */
final class PathBatch {
  final Matrix x0;
  final Matrix x1;
  final Matrix t;
  final Matrix eps;
  final Matrix xt;
  final Matrix ut;
  private final MinibatchCoupler coupler = new MinibatchCoupler();

  /** Buffers for n pairs in dimension d. */
  PathBatch(int n, int d) {
    x0 = new Matrix(n, d);
    x1 = new Matrix(n, d);
    t = new Matrix(n, 1);
    eps = new Matrix(n, d);
    xt = new Matrix(n, d);
    ut = new Matrix(n, d);
  }

  /** Draws the pairs from {@code pairs}, then t, the noise and the path point. */
  void draw(RandomGenerator rng, PairSampler pairs, ProbPath path) {
    pairs.sample(rng, x0, x1);
    drawPath(rng, path);
  }

  /**
   * Draws n points of {@code source} and of {@code target}, couples them, then draws t, the noise
   * and the path point.
   */
  void draw(RandomGenerator rng, Source source, Source target, Coupling coupling, ProbPath path) {
    coupler.pair(rng, source, target, coupling, x0, x1);
    drawPath(rng, path);
  }

  private void drawPath(RandomGenerator rng, ProbPath path) {
    double lo = path.tMin();
    double width = path.tMax() - lo;
    float[] tRow = t.data;
    for (int k = 0; k < tRow.length; k++) {
      tRow[k] = (float) (lo + width * rng.nextDouble());
    }
    boolean noisy = path.isStochastic();
    if (noisy) {
      for (int k = 0; k < eps.data.length; k++) {
        eps.data[k] = (float) rng.nextGaussian();
      }
    }
    path.sample(x0, x1, tRow, noisy ? eps : null, xt, ut);
  }
}
