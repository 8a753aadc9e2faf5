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

  /** Training steps of {@link #growth()}. */
  public static final int GROWTH_STEPS = 10_000;

  /** Pairs drawn per interval and step in {@link #growth()}. */
  public static final int GROWTH_BATCH = 64;

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

  /**
   * The recipe of growth-aware inference ({@link Matcher#WFR}; docs/growth.md): WFR-FM's published
   * training with the velocity network at half its width and more steps of fewer pairs. A velocity
   * network of 5 hidden layers of 128 leaky-ReLU units (published: 256; the growth network's shape is
   * in {@link GrowthSettings}), Adam with learning rate 5e-3 and no weight decay, cosine-decayed to
   * {@link GrowthModel#MIN_LR}, a weight average of decay 0.995, {@value #GROWTH_STEPS} steps of
   * {@value #GROWTH_BATCH} pairs per interval (published: 3000 of 256), and cells pushed by dopri5 at
   * atol = rtol = 1e-5, an adaptive integrator as in the published evaluation.
   *
   * <p>Steps count for more than pairs per step (dygen fit-all, mean W1 over seeds 1 to 3 with 100
   * Euler steps per interval: 3000 x 256 0.149, 3000 x 128 0.158, 6000 x 128 0.127, 8000 x 64 0.127;
   * over seeds 1 to 12 with dopri5: 16000 x 32 0.139, 8000 x 64 0.131, 10000 x 64 0.127), and 10000 x
   * 64 takes under a fifth of the published code's CPU. A fixed 100 Euler steps per interval is off
   * the exact flow by up to 0.02 of W1 at dygen's last time points, varying with the seed; dopri5 at
   * 1e-5 is within 0.002 of it at 1e-7.
   */
  public static TrajectoryConfig growth() {
    return new TrajectoryConfig(Matcher.WFR, Matcher.WFR.defaultSigma(), null,
        new NetworkSpec(128, 5, Activation.LEAKY_RELU), new OptimSpec(GROWTH_STEPS, GROWTH_BATCH, 5e-3, 0, 0, 0.995),
        SolverSpec.adaptive(1e-5));
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
