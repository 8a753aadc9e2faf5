package org.flowmatch4j.tasks.toy;

import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.tensor.Activation;

/**
 * Settings of one 2-D benchmark run.
 *
 * @param source p0
 * @param target p1
 * @param matcher the flow-matching method
 * @param sigma the method's width parameter
 * @param steps training steps
 * @param batch minibatch size
 * @param width hidden units of the MLP
 * @param depth hidden layers of the MLP
 * @param activation hidden activation
 * @param lr Adam learning rate
 * @param solver the sampler
 * @param sde sample with Euler-Maruyama using the learned score (methods with a score only)
 * @param samples points generated and compared with as many fresh target points
 * @param trajectories trajectories recorded for the figure
 * @param reflow reflow rounds (rectified flow's k-rectification; 0 for none)
 * @param reflowPairs pairs generated per reflow round
 * @param seed seed of the run
 */
public record ToyConfig(
    ToyDistribution source,
    ToyDistribution target,
    Matcher matcher,
    double sigma,
    int steps,
    int batch,
    int width,
    int depth,
    Activation activation,
    double lr,
    SolverSpec solver,
    boolean sde,
    int samples,
    int trajectories,
    int reflow,
    int reflowPairs,
    long seed) {

  public ToyConfig {
    if (matcher.requiresGaussianSource() && source != ToyDistribution.GAUSSIAN) {
      throw new IllegalArgumentException(
          "--matcher " + matcher.cliName() + " needs the Gaussian source, got " + source.cliName());
    }
    if (sde && !matcher.hasScore()) {
      throw new IllegalArgumentException("--sde needs a method with a learned score (sbcfm), got " + matcher.cliName());
    }
    if (steps < 1 || batch < 1 || width < 1 || depth < 1 || samples < 2 || trajectories < 0
        || reflow < 0 || (reflow > 0 && reflowPairs < 1)) {
      throw new IllegalArgumentException(
          "need steps, batch, width, depth >= 1, samples >= 2, trajectories >= 0 and reflowPairs >= 1 when reflowing");
    }
    if (!(lr > 0) || !(sigma >= 0)) {
      throw new IllegalArgumentException("need lr > 0 and sigma >= 0, got " + lr + ", " + sigma);
    }
  }

  /** The defaults of the benchmark for a method: MLP 3 x 64 SELU, batch 256, Adam 1e-3, 2,000 samples. */
  public static ToyConfig defaults(ToyDistribution source, ToyDistribution target, Matcher matcher, SolverSpec solver, long seed) {
    return new ToyConfig(source, target, matcher, matcher.defaultSigma(), 20_000, 256, 64, 3,
        Activation.SELU, 1e-3, solver, false, 2000, 40, 0, 10_000, seed);
  }

  /** A copy with another seed. */
  public ToyConfig withSeed(long s) {
    return new ToyConfig(source, target, matcher, sigma, steps, batch, width, depth, activation, lr,
        solver, sde, samples, trajectories, reflow, reflowPairs, s);
  }
}
