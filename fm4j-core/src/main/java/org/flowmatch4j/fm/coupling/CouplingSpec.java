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

  /**
   * Checks the fields: kind and scaling given, epsilon &gt; 0 for the entropic kinds, tauA and tauB
   * in (0, 1] for the unbalanced one.
   */
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
   * A coupling without parameters: {@link CouplingKind#INDEPENDENT}, {@link CouplingKind#EXACT},
   * {@link CouplingKind#PERMUTATION}, {@link CouplingKind#POPULATION} or {@link
   * CouplingKind#POPULATION_REACH}.
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

  /**
   * A new minibatch coupling (each holds its own solver workspace).
   *
   * @throws IllegalStateException for {@link CouplingKind#POPULATION} and {@link
   *     CouplingKind#POPULATION_REACH}, which pair whole populations ({@link #pairing})
   */
  public Coupling create() {
    return switch (kind) {
      case INDEPENDENT -> new IndependentCoupling();
      case EXACT -> new ExactOtCoupling(PlanUse.RESAMPLE);
      case PERMUTATION -> new ExactOtCoupling(PlanUse.PERMUTATION);
      case SINKHORN, UNBALANCED -> new SinkhornCoupling(sinkhornConfig());
      case POPULATION, POPULATION_REACH -> throw new IllegalStateException(
          "the " + kind + " coupling pairs whole populations; it has no minibatch form");
    };
  }

  /**
   * How pairs between two populations are drawn with this coupling: from the plan between the
   * whole populations for {@link CouplingKind#POPULATION} (exact) and {@link
   * CouplingKind#POPULATION_REACH} (exact with a reach), else from minibatches coupled by {@link
   * #create}.
   */
  public Pairing pairing() {
    return switch (kind) {
      case POPULATION -> Pairing.population();
      case POPULATION_REACH -> Pairing.populationWithReach();
      default -> Pairing.minibatch(this::create);
    };
  }

  /**
   * Whether this coupling has a minibatch form ({@link #create}): every kind but {@link
   * CouplingKind#POPULATION} and {@link CouplingKind#POPULATION_REACH}.
   */
  public boolean pairsMinibatches() {
    return kind != CouplingKind.POPULATION && kind != CouplingKind.POPULATION_REACH;
  }

  /**
   * The entropic problem of a {@link CouplingKind#SINKHORN} (tau_a = tau_b = 1) or {@link
   * CouplingKind#UNBALANCED} coupling, stopped at {@link #TOLERANCE}.
   *
   * @throws IllegalStateException for a coupling that is not entropic
   */
  public SinkhornConfig sinkhornConfig() {
    return switch (kind) {
      case SINKHORN -> SinkhornConfig.unbalanced(epsilon, 1, 1).withScaling(scaling).withStopping(TOLERANCE, MAX_ITERATIONS);
      case UNBALANCED -> SinkhornConfig.unbalanced(epsilon, tauA, tauB).withScaling(scaling)
          .withStopping(TOLERANCE, MAX_ITERATIONS);
      case INDEPENDENT, EXACT, PERMUTATION, POPULATION, POPULATION_REACH -> throw new IllegalStateException(kind + " is not an entropic coupling");
    };
  }
}
