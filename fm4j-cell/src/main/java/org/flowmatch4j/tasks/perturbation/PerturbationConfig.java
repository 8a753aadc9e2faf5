package org.flowmatch4j.tasks.perturbation;

import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.coupling.CouplingSpec;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.nn.ConditionInjection;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.train.ConfigChecks;
import org.flowmatch4j.train.NetworkSpec;
import org.flowmatch4j.train.OptimSpec;

/**
 * Settings of the perturbation model. The defaults ({@link #defaults()}) are OT-CFM with sigma 0.3
 * (exact minibatch OT within each (context, condition) batch, straight paths with constant noise; a
 * wider path than 0.1 smooths the field where it extrapolates to an unseen context),
 * an MLP of 3 hidden layers of 256 SiLU units seeing {@code [x | t | c]} (time as one column), AdamW
 * with learning rate 1e-3 and weight decay 1e-5, predictions from the exponential moving average of
 * the weights (decay 0.999), 64 cells per population and step (the exact OT of a batch costs n^3;
 * 64 trains as well as 128 on Kang in a third of the time), 3000 steps,
 * condition dropout 0.1, no guidance (w = 1), one sample per control cell, 100 Euler steps, no
 * context entries in c (the context only selects the control pool: a cell's own coordinates already
 * say which context it comes from, and with few training contexts a per-context vector becomes a
 * key the network memorises, which generalised worse to a held-out context), the flows starting
 * from the control cells, predictions decoded as control cell + decoded displacement less the
 * context's mean residual ({@link Decoding#CENTRED}: each cell keeps the part the embedding does
 * not represent, so gene-space distribution metrics compare like with like, while the predicted
 * mean is free of the few control cells' sampling noise outside the embedding), c entering the
 * network by concatenation only, decoded values made expression by per-gene zero thresholds
 * ({@link ZeroThresholds}) with each gene's kept values scaled back to the decoder's mean ({@link
 * Zeros#MATCHED}: setting values to zero would otherwise move the predicted means), and the
 * held-out context's predicted mean shift the average of the flow's and of the other contexts'
 * shifts weighted by how alike their control cells are ({@link
 * MeanResponse#ENSEMBLE}: on Kang the two estimates err in different genes, and their average is
 * closer to the real response than either for the small, distant cell types).
 *
 * @param matcher path and coupling: otcfm (exact OT, constant noise), sbcfm (entropic OT with eps
 *     = 2 sigma^2, Brownian bridge), icfm (independent pairs) or rf (no noise)
 * @param sigma the path width
 * @param coupling a coupling replacing the matcher's own (e.g. Sinkhorn), or null; {@code
 *     POPULATION} draws each task's pairs from the exact OT plan between all its control and all its
 *     perturbed cells instead of coupling minibatches, {@code POPULATION_REACH} from that plan without
 *     its outlying long pairs
 * @param network the velocity network's hidden layers
 * @param timeEmbedding columns of the sinusoidal time embedding (even), or 0 for t as one column
 * @param optim AdamW's steps, cells drawn per population per step, rate, weight decay, clipping and
 *     the decay of the weight average used for prediction (0 for none)
 * @param conditionDropout probability of training a step on the null condition
 * @param guidance classifier-free guidance weight w at sampling (1: the conditional field)
 * @param samples predicted cells per control cell; each starts at x0 + gamma_0 eps
 * @param solver the ODE solver from t = 0 to 1
 * @param context what c says about the context
 * @param decoding how predictions return to genes
 * @param conditioning how c enters the network: concatenated to the input, FiLM of every hidden
 *     layer, or both
 * @param zeros how decoded predictions become valid expression (default: per-gene zero thresholds,
 *     the decoder's means kept)
 * @param start where each task's flow starts: the control cells, or the control cells moved by the
 *     mean-shift baseline (equal or similarity weights)
 * @param meanResponse where the mean of a held-out context's predicted cells comes from: the flow,
 *     or the average of the flow's mean shift and the similarity-weighted shift of the other
 *     contexts ({@link MeanResponse})
 */
public record PerturbationConfig(
    Matcher matcher,
    double sigma,
    CouplingSpec coupling,
    NetworkSpec network,
    int timeEmbedding,
    OptimSpec optim,
    double conditionDropout,
    double guidance,
    int samples,
    SolverSpec solver,
    ContextRepresentation context,
    Decoding decoding,
    ConditionInjection conditioning,
    Zeros zeros,
    Start start,
    MeanResponse meanResponse) {

  /**
   * Checks the fields and their combinations (a matcher that starts from control cells, guidance
   * other than 1 only with condition dropout, ...); a bad setting throws {@link
   * InvalidSettingException}.
   */
  public PerturbationConfig {
    if (matcher.learnsPath()) {
      throw new InvalidSettingException("{matcher} " + matcher.cliName()
          + " (metric flow matching) is available for fm4j trajectory and fm4j toy only");
    }
    if (matcher.learnsGrowth()) {
      throw new InvalidSettingException("{matcher} " + matcher.cliName() + " learns growth over a time course; use fm4j trajectory");
    }
    if (matcher.requiresGaussianSource()) {
      throw new InvalidSettingException("{matcher} " + matcher.cliName()
          + " needs a Gaussian source; perturbation flows start from control cells (use otcfm, sbcfm, icfm or rf)");
    }
    ConfigChecks.atLeast("{samples}", samples, 1);
    ConfigChecks.nonNegative("{sigma}", sigma);
    if (timeEmbedding < 0 || timeEmbedding % 2 != 0) {
      throw new InvalidSettingException("{time-embedding} must be 0 (raw time) or an even number of columns, got "
          + timeEmbedding);
    }
    if (!(conditionDropout >= 0 && conditionDropout < 1)) {
      throw new InvalidSettingException("{condition-dropout} must be in [0, 1), got " + conditionDropout);
    }
    if (!Double.isFinite(guidance)) {
      throw new InvalidSettingException("{guidance} must be finite, got " + guidance);
    }
    if (guidance != 1 && conditionDropout == 0) {
      throw new InvalidSettingException("{guidance} " + guidance
          + " needs the null condition, which is trained only with {condition-dropout} > 0");
    }
    if (network == null || optim == null || solver == null || context == null || decoding == null
        || conditioning == null || zeros == null || start == null || meanResponse == null) {
      throw new IllegalArgumentException("network, optimiser, solver, context representation, decoding, conditioning,"
          + " zeros, start and mean response must be given");
    }
  }

  /**
   * The settings with c entering by concatenation ({@link ConditionInjection#CONCAT}), decoded
   * predictions made expression by zero thresholds ({@link Zeros#THRESHOLD}), the flow starting
   * from the control cells ({@link Start#CONTROL}) and the predicted mean the flow's ({@link
   * MeanResponse#FLOW}).
   */
  public PerturbationConfig(Matcher matcher, double sigma, CouplingSpec coupling, NetworkSpec network,
      int timeEmbedding, OptimSpec optim, double conditionDropout, double guidance, int samples, SolverSpec solver,
      ContextRepresentation context, Decoding decoding) {
    this(matcher, sigma, coupling, network, timeEmbedding, optim, conditionDropout, guidance, samples, solver, context,
        decoding, ConditionInjection.CONCAT, Zeros.THRESHOLD, Start.CONTROL, MeanResponse.FLOW);
  }

  /** Decay of the weight average the defaults sample from. */
  public static final double DEFAULT_EMA = 0.999;

  /** The defaults described above. */
  public static PerturbationConfig defaults() {
    return new PerturbationConfig(Matcher.OTCFM, 0.3, null, new NetworkSpec(256, 3, Activation.SILU), 0,
        new OptimSpec(3000, 64, 1e-3, 1e-5, 0, DEFAULT_EMA), 0.1, 1.0, 1, SolverSpec.fixed(SolverKind.EULER, 100),
        ContextRepresentation.NONE, Decoding.CENTRED).withZeros(Zeros.MATCHED).withMeanResponse(MeanResponse.ENSEMBLE);
  }

  /** This configuration with another number of training steps. */
  public PerturbationConfig withSteps(int newSteps) {
    return new PerturbationConfig(matcher, sigma, coupling, network, timeEmbedding, optim.withSteps(newSteps),
        conditionDropout, guidance, samples, solver, context, decoding, conditioning, zeros, start, meanResponse);
  }

  /** This configuration with another way for c to enter the network. */
  public PerturbationConfig withConditioning(ConditionInjection injection) {
    return new PerturbationConfig(matcher, sigma, coupling, network, timeEmbedding, optim, conditionDropout,
        guidance, samples, solver, context, decoding, injection, zeros, start, meanResponse);
  }

  /** This configuration with another model of the zeros of decoded predictions. */
  public PerturbationConfig withZeros(Zeros newZeros) {
    return new PerturbationConfig(matcher, sigma, coupling, network, timeEmbedding, optim, conditionDropout,
        guidance, samples, solver, context, decoding, conditioning, newZeros, start, meanResponse);
  }

  /** This configuration with the flows starting from {@code newStart}. */
  public PerturbationConfig withStart(Start newStart) {
    return new PerturbationConfig(matcher, sigma, coupling, network, timeEmbedding, optim, conditionDropout,
        guidance, samples, solver, context, decoding, conditioning, zeros, newStart, meanResponse);
  }

  /** This configuration with the predicted mean taken as {@code newMean} says. */
  public PerturbationConfig withMeanResponse(MeanResponse newMean) {
    return new PerturbationConfig(matcher, sigma, coupling, network, timeEmbedding, optim, conditionDropout,
        guidance, samples, solver, context, decoding, conditioning, zeros, start, newMean);
  }

  /** This configuration with another weight-average decay (0 for none). */
  public PerturbationConfig withEmaDecay(double newDecay) {
    return new PerturbationConfig(matcher, sigma, coupling, network, timeEmbedding, optim.withEmaDecay(newDecay),
        conditionDropout, guidance, samples, solver, context, decoding, conditioning, zeros, start, meanResponse);
  }
}
