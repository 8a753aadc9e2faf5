package org.flowmatch4j.fm;

import org.flowmatch4j.fm.coupling.CouplingKind;
import org.flowmatch4j.fm.coupling.CouplingSpec;
import org.flowmatch4j.fm.path.CondOtScheduler;
import org.flowmatch4j.fm.path.GaussianPath;
import org.flowmatch4j.fm.path.LipmanScheduler;
import org.flowmatch4j.fm.path.NoiseSchedule;
import org.flowmatch4j.fm.path.ProbPath;
import org.flowmatch4j.fm.path.VpScheduler;
import org.flowmatch4j.ot.CostScaling;

/**
 * The named flow-matching methods, each a choice of path and coupling with one width parameter
 * sigma (its meaning depends on the method; {@link #defaultSigma()} is the usual value).
 */
public enum Matcher {
  /** Independent CFM (Tong et al.): straight path with constant noise sigma, independent pairs. */
  ICFM(0.1, false),
  /** OT-CFM (Tong et al.): straight path with constant noise sigma, exact minibatch OT pairs. */
  OTCFM(0.1, false),
  /**
   * Schrodinger-bridge CFM (Tong et al.): Brownian bridge of diffusion sigma between pairs of the
   * entropic minibatch OT plan with epsilon = 2 sigma^2 (the static Schrodinger bridge).
   */
  SBCFM(1.0, false),
  /** Flow matching of Lipman et al.: Gaussian source, sigma is sigma_min. */
  FM(1e-4, true),
  /** Rectified flow (Liu et al.): straight path without noise, independent pairs. */
  RF(0.0, false),
  /**
   * Variance-preserving diffusion (linear beta from 0.1 to 20) trained as flow matching by
   * velocity regression; Gaussian source. Sigma is unused.
   */
  VP(0.0, true),
  /**
   * OT-MFM, metric flow matching (Kapusniak et al.): a learned path that follows the data (see
   * {@link org.flowmatch4j.fm.path.GeodesicPath}) with constant noise sigma, exact minibatch OT
   * pairs. Its path is trained first, so {@link #path} is not available.
   */
  OTMFM(0.1, false),
  /** I-MFM: the learned path of {@link #OTMFM} with independent pairs. */
  IMFM(0.1, false),
  /**
   * Unbalanced minibatch OT-CFM: straight paths with constant noise sigma between pairs of an
   * unbalanced entropic minibatch plan, with a growth rate learned from the plan's semi-couplings
   * (trajectories only; see {@code fm.growth.UnbalancedMinibatchTargets}).
   */
  UOTCFM(0.1, false),
  /**
   * WFR-FM (Peng et al. 2026): Wasserstein-Fisher-Rao geodesics between pairs of a whole-population
   * unbalanced plan, velocity and growth rate learned together (trajectories only; see {@code
   * fm.growth.WfrTargets}). Its path is built per pair from the pair's masses, so {@link #path}
   * does not apply; sigma is unused.
   */
  WFR(0.0, false);

  private final double defaultSigma;
  private final boolean gaussianSource;

  Matcher(double defaultSigma, boolean gaussianSource) {
    this.defaultSigma = defaultSigma;
    this.gaussianSource = gaussianSource;
  }

  /** The usual sigma of the method. */
  public double defaultSigma() {
    return defaultSigma;
  }

  /**
   * True when sigma shapes the method's path or coupling; the paths of rf and vp have no width and
   * wfr's are the WFR geodesics between the pairs, so these take no sigma.
   */
  public boolean hasSigma() {
    return this != RF && this != VP && this != WFR;
  }

  /** Why the method takes no sigma (for {@link #hasSigma()} false), as a clause of an error message. */
  public String whyNoSigma() {
    return this == WFR ? "its paths are the WFR geodesics between the pairs" : "its path has no width";
  }

  /** True when the path is defined only for a standard Gaussian source. */
  public boolean requiresGaussianSource() {
    return gaussianSource;
  }

  /** True when the method learns its path from the data first (metric flow matching). */
  public boolean learnsPath() {
    return this == OTMFM || this == IMFM;
  }

  /**
   * The conditional path of the method with width {@code sigma}.
   *
   * @throws IllegalArgumentException for a method that learns its path ({@link #learnsPath()})
   */
  public ProbPath path(double sigma) {
    return switch (this) {
      case OTMFM, IMFM -> throw new InvalidSettingException("{matcher} " + cliName()
          + " learns its path from the data (metric flow matching); only fm4j trajectory trains it");
      case ICFM, OTCFM -> sigma == 0
          ? GaussianPath.affine(new CondOtScheduler())
          : new GaussianPath(new CondOtScheduler(), NoiseSchedule.constant(sigma));
      case SBCFM -> new GaussianPath(new CondOtScheduler(), NoiseSchedule.brownianBridge(sigma));
      case FM -> GaussianPath.affine(new LipmanScheduler(sigma));
      case RF -> GaussianPath.affine(new CondOtScheduler());
      case VP -> GaussianPath.affine(VpScheduler.standard());
      case UOTCFM -> new GaussianPath(new CondOtScheduler(), NoiseSchedule.constant(sigma));
      case WFR -> throw new IllegalStateException("wfr follows WFR geodesics built per pair (fm.path.WfrGeodesic)");
    };
  }

  /**
   * The coupling of the method: exact minibatch OT (pairs resampled from the plan) for otcfm and
   * otmfm, balanced entropic OT at epsilon = 2 sigma^2 on the raw squared distances for sbcfm,
   * unbalanced entropic OT (epsilon 0.05 on the max-scaled cost, tau_a = tau_b = 0.9) for uotcfm,
   * independent pairs for the others. {@link CouplingSpec#create()} makes a coupling from it
   * (couplings keep solver workspaces, so each user gets its own).
   *
   * @throws IllegalStateException for wfr, which couples whole populations, not minibatches
   */
  public CouplingSpec coupling(double sigma) {
    return switch (this) {
      case OTCFM, OTMFM -> CouplingSpec.of(CouplingKind.EXACT);
      case SBCFM -> CouplingSpec.sinkhorn(2 * sigma * sigma, CostScaling.NONE);
      case UOTCFM -> new CouplingSpec(CouplingKind.UNBALANCED, 0.05, CostScaling.MAX, 0.9, 0.9);
      case ICFM, FM, RF, VP, IMFM -> CouplingSpec.of(CouplingKind.INDEPENDENT);
      case WFR -> throw new IllegalStateException("wfr couples whole populations (ot.SemiCouplings), not minibatches");
    };
  }

  /** True when the method learns a growth rate next to the velocity (unbalanced time courses). */
  public boolean learnsGrowth() {
    return this == UOTCFM || this == WFR;
  }

  /** True when the method's path carries noise whose score can be learned for SDE sampling. */
  public boolean hasScore() {
    return this == SBCFM;
  }

  /** The command-line name, e.g. {@code otcfm}. */
  public String cliName() {
    return name().toLowerCase();
  }
}
