package org.flowmatch4j.tasks.toy;

import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.coupling.Coupling;
import org.flowmatch4j.fm.coupling.CouplingSpec;
import org.flowmatch4j.fm.metric.MetricKind;
import org.flowmatch4j.fm.metric.MetricSpec;
import org.flowmatch4j.fm.path.GaussianPath;
import org.flowmatch4j.fm.path.Prediction;
import org.flowmatch4j.fm.solver.SamplerKind;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.train.ConfigChecks;
import org.flowmatch4j.train.GeodesicObjective;
import org.flowmatch4j.train.NetworkSpec;
import org.flowmatch4j.train.OptimSpec;

/**
 * Settings of one 2-D benchmark run.
 *
 * @param source p0
 * @param target p1
 * @param matcher the flow-matching method
 * @param sigma the method's width parameter
 * @param prediction what the network regresses onto: the velocity (flow matching), or for the
 *     variance-preserving diffusion path also the noise (DDPM's epsilon) or the clean point
 * @param network the velocity MLP's shape
 * @param optim Adam's steps, minibatch size, rate (weight decay as an L2 penalty), clipping and the
 *     decay of the weight average used for sampling (0 for none)
 * @param coupling the coupling of training pairs, or null for the method's own (exact OT for
 *     OT-CFM, entropic OT with epsilon = 2 sigma^2 for SB-CFM, independent otherwise)
 * @param solver the ODE solver; for the SDE and DDIM samplers, Euler with the step count as NFE
 * @param sampler ODE, reverse-time SDE (a learned score, or a diffusion model's implied score) or
 *     DDIM (deterministic affine paths from the Gaussian source)
 * @param samples points generated and compared with as many fresh target points
 * @param trajectories trajectories recorded for the figure
 * @param reflow reflow rounds (rectified flow's k-rectification; 0 for none)
 * @param reflowPairs pairs generated per reflow round
 * @param seed seed of the run
 * @param metric for metric flow matching (otmfm, imfm) the metric whose geodesics the path follows;
 *     null for every other method
 * @param geodesicSteps training steps of the path network (stage 1 of metric flow matching); 0 for
 *     every other method
 */
public record ToyConfig(
    ToyDistribution source,
    ToyDistribution target,
    Matcher matcher,
    double sigma,
    Prediction prediction,
    NetworkSpec network,
    OptimSpec optim,
    CouplingSpec coupling,
    SolverSpec solver,
    SamplerKind sampler,
    int samples,
    int trajectories,
    int reflow,
    int reflowPairs,
    long seed,
    MetricSpec metric,
    int geodesicSteps) {

  /** Checks the fields and their combinations; a bad setting throws {@link InvalidSettingException}. */
  public ToyConfig {
    if (source == null || target == null || matcher == null || prediction == null || network == null || optim == null
        || solver == null || sampler == null) {
      throw new IllegalArgumentException(
          "toy: source, target, matcher, prediction, network, optimiser, solver and sampler must be given");
    }
    ConfigChecks.metricFor(matcher, metric, geodesicSteps);
    if (matcher.learnsPath() && reflow > 0) {
      throw new InvalidSettingException("{reflow} retrains on straight pairs; it does not apply to {matcher} "
          + matcher.cliName());
    }
    if (matcher.learnsGrowth()) {
      throw new InvalidSettingException("{matcher} " + matcher.cliName() + " learns growth over a time course; use fm4j trajectory");
    }
    if (matcher.requiresGaussianSource() && source != ToyDistribution.GAUSSIAN) {
      throw new InvalidSettingException(
          "{matcher} " + matcher.cliName() + " needs the Gaussian source, got " + source.cliName());
    }
    if (prediction == Prediction.SCORE) {
      throw new InvalidSettingException("{prediction} score is not trained directly; use eps, x1 or velocity");
    }
    if (prediction != Prediction.VELOCITY && matcher != Matcher.VP) {
      throw new InvalidSettingException(
          "{prediction} " + prediction.name().toLowerCase() + " needs the diffusion path ({matcher} vp), got "
              + matcher.cliName());
    }
    if (sampler == SamplerKind.SDE && !supportsSde(matcher)) {
      throw new InvalidSettingException(
          "{sampler} sde needs a learned score (sbcfm) or a diffusion model (vp), got " + matcher.cliName());
    }
    if (sampler == SamplerKind.DDIM && !supportsDdim(matcher, sigma, source)) {
      throw new InvalidSettingException(
          "{sampler} ddim needs a deterministic affine path from the Gaussian source (vp, fm, rf; icfm or otcfm with"
              + " {sigma} 0), got " + matcher.cliName() + " from " + source.cliName());
    }
    if (sampler != SamplerKind.ODE && solver.kind() != SolverKind.EULER) {
      throw new InvalidSettingException(
          "{sampler} " + sampler.name().toLowerCase() + " takes its step count from {nfe} ({solver} euler), got {solver} "
              + solver.kind().name().toLowerCase());
    }
    ConfigChecks.atLeast("{samples}", samples, 2);
    ConfigChecks.atLeast("trajectories", trajectories, 0);
    ConfigChecks.atLeast("{reflow}", reflow, 0);
    if (reflow > 0) {
      ConfigChecks.atLeast("reflowPairs", reflowPairs, 1);
    }
    ConfigChecks.nonNegative("{sigma}", sigma);
  }

  /**
   * The settings without a chosen metric: for otmfm and imfm the LAND metric with its defaults and
   * {@link GeodesicObjective#defaultSteps} path-training steps, for every other method none.
   */
  public ToyConfig(ToyDistribution source, ToyDistribution target, Matcher matcher, double sigma, Prediction prediction,
      NetworkSpec network, OptimSpec optim, CouplingSpec coupling, SolverSpec solver, SamplerKind sampler, int samples,
      int trajectories, int reflow, int reflowPairs, long seed) {
    this(source, target, matcher, sigma, prediction, network, optim, coupling, solver, sampler, samples, trajectories,
        reflow, reflowPairs, seed,
        matcher != null && matcher.learnsPath() ? MetricSpec.defaults(MetricKind.LAND) : null,
        matcher != null && matcher.learnsPath() && optim != null ? GeodesicObjective.defaultSteps(optim.steps()) : 0);
  }

  /** These settings with another metric and number of path-training steps. */
  public ToyConfig withMetric(MetricSpec newMetric, int newGeodesicSteps) {
    return new ToyConfig(source, target, matcher, sigma, prediction, network, optim, coupling, solver, sampler, samples,
        trajectories, reflow, reflowPairs, seed, newMetric, newGeodesicSteps);
  }

  /** True when the method can be sampled by the reverse-time SDE. */
  public static boolean supportsSde(Matcher m) {
    return m.hasScore() || m == Matcher.VP;
  }

  /** True when the method's path is a deterministic affine path from the standard Gaussian. */
  public static boolean supportsDdim(Matcher m, double sigma, ToyDistribution source) {
    return source == ToyDistribution.GAUSSIAN && m.path(sigma) instanceof GaussianPath g && !g.isStochastic();
  }

  /**
   * The defaults of the benchmark for a method: velocity prediction, MLP 3 x 64 SELU, batch 256,
   * Adam 1e-3, ODE sampling, 2,000 samples; for metric flow matching the LAND metric with its
   * defaults and {@link GeodesicObjective#defaultSteps} path-training steps.
   */
  public static ToyConfig defaults(ToyDistribution source, ToyDistribution target, Matcher matcher, SolverSpec solver, long seed) {
    return new ToyConfig(source, target, matcher, matcher.defaultSigma(), Prediction.VELOCITY,
        new NetworkSpec(64, 3, Activation.SELU), new OptimSpec(20_000, 256, 1e-3, 0, 0, 0), null, solver,
        SamplerKind.ODE, 2000, 40, 0, 10_000, seed);
  }

  /** A new coupling for the training pairs: the one given, or the method's own. */
  public Coupling newCoupling() {
    return (coupling != null ? coupling : matcher.coupling(sigma)).create();
  }

  /** A copy with another seed. */
  public ToyConfig withSeed(long s) {
    return new ToyConfig(source, target, matcher, sigma, prediction, network, optim, coupling, solver, sampler, samples,
        trajectories, reflow, reflowPairs, s, metric, geodesicSteps);
  }
}
