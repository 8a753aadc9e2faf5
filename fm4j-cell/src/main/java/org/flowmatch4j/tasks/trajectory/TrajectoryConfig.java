package org.flowmatch4j.tasks.trajectory;

import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.coupling.CouplingSpec;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.fm.metric.MetricKind;
import org.flowmatch4j.fm.metric.MetricSpec;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.train.ConfigChecks;
import org.flowmatch4j.train.GeodesicObjective;
import org.flowmatch4j.train.NetworkSpec;
import org.flowmatch4j.train.OptimSpec;

/**
 * Settings of trajectory inference. The defaults are the published protocol of Tong et al.
 * (2024): OT-CFM with sigma 0.1, an MLP of 3 hidden layers of 64 SELU units with time as an input
 * column, AdamW with learning rate 1e-3 and weight decay 1e-5, 256 cells per time point and pair,
 * and 100 Euler steps to push cells between time points.
 *
 * @param matcher the method (otcfm, icfm, sbcfm or rf; otmfm, imfm with a learned path; wfr or uotcfm learn
 *     growth too, see {@link GrowthProtocols})
 * @param sigma its width
 * @param coupling a coupling replacing the method's own, or null
 * @param network the velocity network's shape
 * @param optim AdamW's steps, cells drawn per time point and pair, rate, weight decay, clipping and
 *     the decay of the weight average used for prediction (0 for none)
 * @param solver how cells are pushed between time points
 * @param metric the metric whose geodesics the path follows (otmfm, imfm), null for other methods
 * @param geodesicSteps training steps of the path network (otmfm, imfm; stage 1), 0 otherwise
 */
public record TrajectoryConfig(
    Matcher matcher,
    double sigma,
    CouplingSpec coupling,
    NetworkSpec network,
    OptimSpec optim,
    SolverSpec solver,
    MetricSpec metric,
    int geodesicSteps) {

  /**
   * Checks that the matcher does not need a Gaussian source, the parts are given, sigma &gt;= 0,
   * and the metric suits the matcher.
   */
  public TrajectoryConfig {
    if (matcher.requiresGaussianSource()) {
      throw new IllegalArgumentException(
          "matcher " + matcher.cliName()
              + " needs a Gaussian source; trajectories use otcfm, icfm, sbcfm, rf, otmfm, imfm, wfr or uotcfm");
    }
    if (network == null || optim == null || solver == null) {
      throw new IllegalArgumentException("trajectory: network, optimiser and solver settings must be given");
    }
    ConfigChecks.nonNegative("{sigma}", sigma);
    ConfigChecks.metricFor(matcher, metric, geodesicSteps);
  }

  /**
   * The settings without a learned path; for otmfm and imfm the LAND metric with its defaults and
   * {@link GeodesicObjective#defaultSteps} path-training steps.
   */
  public TrajectoryConfig(Matcher matcher, double sigma, CouplingSpec coupling, NetworkSpec network, OptimSpec optim,
      SolverSpec solver) {
    this(matcher, sigma, coupling, network, optim, solver,
        matcher.learnsPath() ? MetricSpec.defaults(MetricKind.LAND) : null,
        matcher.learnsPath() ? GeodesicObjective.defaultSteps(optim.steps()) : 0);
  }

  /** These settings with another number of training steps (the path-training steps kept). */
  public TrajectoryConfig withSteps(int newSteps) {
    return new TrajectoryConfig(matcher, sigma, coupling, network, optim.withSteps(newSteps), solver, metric,
        geodesicSteps);
  }

  /** These settings with another method and its width. */
  public TrajectoryConfig withMatcher(Matcher newMatcher, double newSigma) {
    return new TrajectoryConfig(newMatcher, newSigma, coupling, network, optim, solver);
  }

  /** These settings with another coupling (null: the method's own). */
  public TrajectoryConfig withCoupling(CouplingSpec newCoupling) {
    return new TrajectoryConfig(matcher, sigma, newCoupling, network, optim, solver, metric, geodesicSteps);
  }

  /** These settings with another metric and number of path-training steps. */
  public TrajectoryConfig withMetric(MetricSpec newMetric, int newGeodesicSteps) {
    return new TrajectoryConfig(matcher, sigma, coupling, network, optim, solver, newMetric, newGeodesicSteps);
  }

  /** The published protocol with the given number of training steps. */
  public static TrajectoryConfig published(int steps) {
    return new TrajectoryConfig(Matcher.OTCFM, 0.1, null, new NetworkSpec(64, 3, Activation.SELU),
        new OptimSpec(steps, 256, 1e-3, 1e-5, 0, 0), SolverSpec.fixed(SolverKind.EULER, 100));
  }

  /**
   * How pairs of cells of two time points are drawn: with the given coupling, else the method's;
   * a new instance for each run (a whole-population pairing keeps the plans it solved).
   */
  public Pairing pairing() {
    return (coupling != null ? coupling : matcher.coupling(sigma)).pairing();
  }
}
