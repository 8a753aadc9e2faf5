package org.flowmatch4j.tasks.trajectory;

import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.coupling.Coupling;
import org.flowmatch4j.fm.coupling.CouplingSpec;
import org.flowmatch4j.fm.metric.MetricKind;
import org.flowmatch4j.fm.metric.MetricSpec;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.train.ConfigChecks;
import org.flowmatch4j.train.GeodesicObjective;

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
 * @param steps training steps
 * @param batch cells drawn per time point and pair
 * @param width hidden units
 * @param depth hidden layers
 * @param activation hidden activation
 * @param lr AdamW learning rate
 * @param weightDecay AdamW weight decay
 * @param gradClip largest global gradient norm, 0 for no clipping
 * @param emaDecay decay of the weight average used for prediction, 0 for none
 * @param solver how cells are pushed between time points
 * @param metric the metric whose geodesics the path follows (otmfm, imfm), null for other methods
 * @param geodesicSteps training steps of the path network (otmfm, imfm; stage 1), 0 otherwise
 */
public record TrajectoryConfig(
    Matcher matcher,
    double sigma,
    CouplingSpec coupling,
    int steps,
    int batch,
    int width,
    int depth,
    Activation activation,
    double lr,
    double weightDecay,
    double gradClip,
    double emaDecay,
    SolverSpec solver,
    MetricSpec metric,
    int geodesicSteps) {

  public TrajectoryConfig {
    if (matcher.requiresGaussianSource()) {
      throw new IllegalArgumentException(
          "matcher " + matcher.cliName()
              + " needs a Gaussian source; trajectories use otcfm, icfm, sbcfm, rf, otmfm, imfm, wfr or uotcfm");
    }
    ConfigChecks.atLeast("{steps}", steps, 1);
    ConfigChecks.atLeast("{batch}", batch, 1);
    ConfigChecks.atLeast("{width}", width, 1);
    ConfigChecks.atLeast("{depth}", depth, 1);
    ConfigChecks.positive("{lr}", lr);
    ConfigChecks.nonNegative("{weight-decay}", weightDecay);
    ConfigChecks.nonNegative("{sigma}", sigma);
    if (matcher.learnsPath() != (metric != null)) {
      throw new InvalidSettingException(matcher.learnsPath()
          ? "{matcher} " + matcher.cliName() + " needs a metric ({metric} land or rbf)"
          : "{metric} applies to {matcher} otmfm or imfm only, not " + matcher.cliName());
    }
    if (geodesicSteps < 0 || (!matcher.learnsPath() && geodesicSteps != 0)) {
      throw new InvalidSettingException("{geodesic-steps} must be >= 0 and applies to otmfm or imfm only, got "
          + geodesicSteps);
    }
  }

  /**
   * The settings without a learned path; for otmfm and imfm the LAND metric with its defaults and
   * {@link GeodesicObjective#defaultSteps} path-training steps.
   */
  public TrajectoryConfig(Matcher matcher, double sigma, CouplingSpec coupling, int steps, int batch, int width,
      int depth, Activation activation, double lr, double weightDecay, double gradClip, double emaDecay,
      SolverSpec solver) {
    this(matcher, sigma, coupling, steps, batch, width, depth, activation, lr, weightDecay, gradClip, emaDecay, solver,
        matcher.learnsPath() ? MetricSpec.defaults(MetricKind.LAND) : null,
        matcher.learnsPath() ? GeodesicObjective.defaultSteps(steps) : 0);
  }

  /** These settings with another number of training steps (the path-training steps kept). */
  public TrajectoryConfig withSteps(int newSteps) {
    return new TrajectoryConfig(matcher, sigma, coupling, newSteps, batch, width, depth, activation, lr, weightDecay,
        gradClip, emaDecay, solver, metric, geodesicSteps);
  }

  /** These settings with another method and its width. */
  public TrajectoryConfig withMatcher(Matcher newMatcher, double newSigma) {
    return new TrajectoryConfig(newMatcher, newSigma, coupling, steps, batch, width, depth, activation, lr, weightDecay,
        gradClip, emaDecay, solver);
  }

  /** These settings with another metric and number of path-training steps. */
  public TrajectoryConfig withMetric(MetricSpec newMetric, int newGeodesicSteps) {
    return new TrajectoryConfig(matcher, sigma, coupling, steps, batch, width, depth, activation, lr, weightDecay,
        gradClip, emaDecay, solver, newMetric, newGeodesicSteps);
  }

  /** The published protocol with the given number of training steps. */
  public static TrajectoryConfig published(int steps) {
    return new TrajectoryConfig(Matcher.OTCFM, 0.1, null, steps, 256, 64, 3, Activation.SELU, 1e-3, 1e-5, 0, 0,
        SolverSpec.fixed(SolverKind.EULER, 100));
  }

  /** A new coupling for one pair of time points: the given one, else the method's. */
  public Coupling newCoupling() {
    return (coupling != null ? coupling : matcher.coupling(sigma)).create();
  }
}
