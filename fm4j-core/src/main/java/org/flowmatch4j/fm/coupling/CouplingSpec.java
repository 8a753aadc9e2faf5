package org.flowmatch4j.fm.coupling;

import org.flowmatch4j.ot.CostScaling;
import org.flowmatch4j.ot.SinkhornConfig;

/**
 * A coupling chosen by name, with the parameters of the entropic ones: epsilon (on the cost after
 * {@code scaling}) and, for {@link CouplingKind#UNBALANCED}, the marginal relaxations tau_a and
 * tau_b in (0, 1] (1 = a hard constraint, as in ott-jax and moscot). Every entropic minibatch
 * coupling stops at the marginal error {@link #TOLERANCE} or after {@link #MAX_ITERATIONS}
 * iterations.
 */
public record CouplingSpec(CouplingKind kind, double epsilon, CostScaling scaling, double tauA, double tauB) {
  /** Convergence threshold of the entropic couplings on the marginal error (see {@link SinkhornConfig}). */
  public static final double TOLERANCE = 1e-4;
  /** Iteration limit of the entropic couplings. */
  public static final int MAX_ITERATIONS = 20_000;

  public CouplingSpec {
    if (kind == null || scaling == null) {
      throw new IllegalArgumentException("coupling kind and cost scaling must be given");
    }
    if ((kind == CouplingKind.SINKHORN || kind == CouplingKind.UNBALANCED) && !(epsilon > 0)) {
      throw new IllegalArgumentException("an entropic coupling needs epsilon > 0, got " + epsilon);
    }
    if (kind == CouplingKind.UNBALANCED && (!(tauA > 0 && tauA <= 1) || !(tauB > 0 && tauB <= 1))) {
      throw new IllegalArgumentException("tau_a and tau_b must lie in (0, 1], got " + tauA + " and " + tauB);
    }
  }

  /**
   * A coupling without parameters: {@link CouplingKind#INDEPENDENT}, {@link CouplingKind#EXACT} or
   * {@link CouplingKind#PERMUTATION}.
   */
  public static CouplingSpec of(CouplingKind kind) {
    if (kind == CouplingKind.SINKHORN || kind == CouplingKind.UNBALANCED) {
      throw new IllegalArgumentException("an entropic coupling needs epsilon (and tau_a, tau_b), not only " + kind);
    }
    return new CouplingSpec(kind, 0, CostScaling.NONE, 1, 1);
  }

  /** Balanced entropic OT at {@code epsilon} on the cost after {@code scaling}. */
  public static CouplingSpec sinkhorn(double epsilon, CostScaling scaling) {
    return new CouplingSpec(CouplingKind.SINKHORN, epsilon, scaling, 1, 1);
  }

  /** A new coupling (each holds its own solver workspace). */
  public Coupling create() {
    return switch (kind) {
      case INDEPENDENT -> new IndependentCoupling();
      case EXACT -> new ExactOtCoupling(PlanUse.RESAMPLE);
      case PERMUTATION -> new ExactOtCoupling(PlanUse.PERMUTATION);
      case SINKHORN -> new SinkhornCoupling(config(1, 1));
      case UNBALANCED -> new SinkhornCoupling(config(tauA, tauB));
    };
  }

  private SinkhornConfig config(double a, double b) {
    return SinkhornConfig.unbalanced(epsilon, a, b).withScaling(scaling).withStopping(TOLERANCE, MAX_ITERATIONS);
  }
}
