package org.flowmatch4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.coupling.PairSampler;
import org.flowmatch4j.fm.metric.DiagonalMetric;
import org.flowmatch4j.fm.metric.PathEnergy;
import org.flowmatch4j.fm.path.GeodesicPath;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Matrix;

/**
 * The learned path of a metric flow matching run (stage 1) and how it compares with the straight
 * line: the Euclidean length and the metric energy of both, measured on the same coupled pairs of
 * every training pair of time points (means over pairs of time points, in each pair's local time
 * t in [0, 1]; see {@link PathEnergy}).
 *
 * @param phi the interpolant network
 * @param metrics the metric of each pair of training time points
 * @param stage1 losses and timing of the path training (no steps when the metric is flat)
 * @param straight length and energy of the straight line
 * @param learned length and energy of the learned path
 */
public record GeodesicFit(Mlp phi, List<DiagonalMetric> metrics, TrainResult stage1, PathEnergy straight,
    PathEnergy learned) {
  /** Coupled pairs per pair of time points on which path length and energy are measured. */
  public static final int MEASURED_PAIRS = 128;
  /** Midpoint-rule intervals of t for path length and energy. */
  public static final int MEASURE_STEPS = 32;

  /**
   * Measures the straight and the learned paths on the same {@link #MEASURED_PAIRS} pairs drawn from
   * each sampler (one per pair of time points, with its metric), {@link #MEASURE_STEPS} intervals;
   * the means over the pairs of time points.
   */
  public static GeodesicFit measure(Mlp phi, List<DiagonalMetric> metrics, List<? extends PairSampler> pairs,
      TrainResult stage1, RandomGenerator rng) {
    if (pairs.size() != metrics.size() || pairs.isEmpty()) {
      throw new IllegalArgumentException("need one pair sampler per metric, got " + pairs.size() + " for "
          + metrics.size());
    }
    int d = phi.config().outputDim();
    GeodesicPath straight = new GeodesicPath(GeodesicPath.newPhi(d, 1, 1, phi.config().activation(), 0), 0);
    GeodesicPath learned = new GeodesicPath(phi, 0);
    double[] sums = new double[4];
    int p = pairs.size();
    for (int q = 0; q < p; q++) {
      Matrix x0 = new Matrix(MEASURED_PAIRS, d);
      Matrix x1 = new Matrix(MEASURED_PAIRS, d);
      pairs.get(q).sample(rng, x0, x1);
      PathEnergy s = PathEnergy.measure(straight, metrics.get(q), x0, x1, MEASURE_STEPS);
      PathEnergy l = PathEnergy.measure(learned, metrics.get(q), x0, x1, MEASURE_STEPS);
      sums[0] += s.length() / p;
      sums[1] += s.energy() / p;
      sums[2] += l.length() / p;
      sums[3] += l.energy() / p;
    }
    return new GeodesicFit(phi, metrics, stage1, new PathEnergy(sums[0], sums[1]), new PathEnergy(sums[2], sums[3]));
  }

  /**
   * The learned path between row i of x0 and row i of x1 (n x d), as n polylines of {@code points}
   * states at equally spaced t from 0 to 1 (points x d each).
   */
  public List<Matrix> paths(Matrix x0, Matrix x1, int points) {
    if (points < 2) {
      throw new IllegalArgumentException("a path needs at least 2 points, got " + points);
    }
    int n = x0.rows;
    int d = x0.cols;
    GeodesicPath path = new GeodesicPath(phi, 0);
    List<Matrix> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Matrix(points, d));
    }
    Matrix xt = new Matrix(n, d);
    Matrix ut = new Matrix(n, d);
    float[] t = new float[n];
    for (int g = 0; g < points; g++) {
      Arrays.fill(t, (float) g / (points - 1));
      path.sample(x0, x1, t, null, xt, ut);
      for (int i = 0; i < n; i++) {
        System.arraycopy(xt.data, i * d, out.get(i).data, g * d, d);
      }
    }
    return out;
  }
}
