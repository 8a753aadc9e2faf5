package org.flowmatch4j.ot;

/**
 * Parameters of an entropic OT solve.
 *
 * <p>The problem solved, on the scaled cost C' = C / s (s from {@link #scaling()}):
 *
 * <pre>
 *   min_P  &lt;P, C'&gt; - eps H(P) + rho_a KL(P 1 | a) + rho_b KL(P^T 1 | b),
 *   H(P) = -sum_ij P_ij (log P_ij - 1),   rho = eps tau / (1 - tau),
 * </pre>
 *
 * where tau = 1 (rho = infinity) turns a KL term into the hard constraint of balanced OT. The
 * parameterisation by tau_a, tau_b in (0, 1] is ott-jax's and moscot's: tau = rho / (rho + eps),
 * i.e. rho = eps tau / (1 - tau). POT's {@code sinkhorn_unbalanced(a, b, M, reg, reg_m)} is the
 * same problem with reg = eps and reg_m = rho on both sides.
 *
 * @param epsilon entropic regularisation eps > 0, absolute, in units of the scaled cost
 * @param tauA source marginal relaxation in (0, 1]; 1 = hard constraint P 1 = a
 * @param tauB target marginal relaxation in (0, 1]; 1 = hard constraint P^T 1 = b
 * @param scaling cost rescaling applied before solving
 * @param tolerance convergence threshold on the marginal error of {@code stopping}; by default
 *     ott-jax's ||P 1 - a'||_1 + ||P^T 1 - b'||_1 with a' = a exp(-f / rho_a) (a when tau_a = 1),
 *     likewise b', the gradient of the dual objective, zero exactly at the optimum
 * @param maxIterations iteration limit (one iteration = a g update then an f update)
 * @param checkEvery the error is evaluated every this many iterations (ott-jax and POT: 10)
 * @param strict when true, reaching the limit without convergence throws {@link
 *     NotConvergedException}; when false the result says {@code converged() == false}
 * @param mode how the iterations are computed
 * @param stopping which error is compared with the tolerance, and after which iterations
 */
public record SinkhornConfig(
    double epsilon,
    double tauA,
    double tauB,
    CostScaling scaling,
    double tolerance,
    int maxIterations,
    int checkEvery,
    boolean strict,
    SinkhornMode mode,
    SinkhornStopping stopping) {

  /** Checks every field. */
  public SinkhornConfig {
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be positive and finite, got " + epsilon);
    }
    if (!(tauA > 0 && tauA <= 1) || !(tauB > 0 && tauB <= 1)) {
      throw new IllegalArgumentException(
          "tau_a and tau_b must lie in (0, 1], got " + tauA + " and " + tauB);
    }
    if (scaling == null || mode == null || stopping == null) {
      throw new IllegalArgumentException("scaling, mode and stopping must not be null");
    }
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("tolerance must be positive, got " + tolerance);
    }
    if (maxIterations < 1 || checkEvery < 1) {
      throw new IllegalArgumentException(
          "maxIterations and checkEvery must be >= 1, got " + maxIterations + " and "
              + checkEvery);
    }
  }

  /**
   * Balanced entropic OT at {@code epsilon}: no cost scaling, tolerance 1e-9 on the marginal
   * error, at most 100,000 iterations, checked every 10, strict.
   */
  public static SinkhornConfig balanced(double epsilon) {
    return new SinkhornConfig(
        epsilon, 1, 1, CostScaling.NONE, 1e-9, 100_000, 10, true,
        SinkhornMode.STABILIZED_KERNEL, SinkhornStopping.OTT_JAX);
  }

  /** Unbalanced entropic OT: as {@link #balanced(double)} with marginal relaxations tau_a, tau_b. */
  public static SinkhornConfig unbalanced(double epsilon, double tauA, double tauB) {
    return balanced(epsilon).withTau(tauA, tauB);
  }

  /**
   * The settings of moscot's {@code TemporalProblem.solve} with its defaults, which run
   * ott-jax's {@code Sinkhorn} with its defaults: cost divided by its mean ({@code
   * scale_cost="mean"}), epsilon absolute on that scaled cost, threshold 1e-3 on the error
   * above checked every 10 iterations, at most 2,000 iterations, not strict (ott-jax reports
   * non-convergence in {@code converged} instead of failing). With uniform marginals these
   * settings reproduce moscot's transport maps (see {@link MoscotTemporal}).
   */
  public static SinkhornConfig moscot(double epsilon, double tauA, double tauB) {
    return new SinkhornConfig(
        epsilon, tauA, tauB, CostScaling.MEAN, 1e-3, 2000, 10, false,
        SinkhornMode.STABILIZED_KERNEL, SinkhornStopping.OTT_JAX);
  }

  /** A copy with other marginal relaxations. */
  public SinkhornConfig withTau(double a, double b) {
    return new SinkhornConfig(
        epsilon, a, b, scaling, tolerance, maxIterations, checkEvery, strict, mode, stopping);
  }

  /** A copy with another epsilon. */
  public SinkhornConfig withEpsilon(double eps) {
    return new SinkhornConfig(
        eps, tauA, tauB, scaling, tolerance, maxIterations, checkEvery, strict, mode, stopping);
  }

  /** A copy with another cost scaling. */
  public SinkhornConfig withScaling(CostScaling s) {
    return new SinkhornConfig(
        epsilon, tauA, tauB, s, tolerance, maxIterations, checkEvery, strict, mode, stopping);
  }

  /** A copy with another tolerance and iteration limit. */
  public SinkhornConfig withStopping(double tol, int maxIter) {
    return new SinkhornConfig(
        epsilon, tauA, tauB, scaling, tol, maxIter, checkEvery, strict, mode, stopping);
  }

  /** A copy that throws (true) or reports (false) when the limit is reached unconverged. */
  public SinkhornConfig withStrict(boolean s) {
    return new SinkhornConfig(
        epsilon, tauA, tauB, scaling, tolerance, maxIterations, checkEvery, s, mode, stopping);
  }

  /** A copy with another mode. */
  public SinkhornConfig withMode(SinkhornMode md) {
    return new SinkhornConfig(
        epsilon, tauA, tauB, scaling, tolerance, maxIterations, checkEvery, strict, md, stopping);
  }

  /** A copy with another stopping rule. */
  public SinkhornConfig withStoppingRule(SinkhornStopping rule) {
    return new SinkhornConfig(
        epsilon, tauA, tauB, scaling, tolerance, maxIterations, checkEvery, strict, mode, rule);
  }

  /** True when both marginals are hard constraints. */
  public boolean isBalanced() {
    return tauA == 1 && tauB == 1;
  }

  /** rho = eps tau / (1 - tau) (infinite for tau = 1). */
  public static double rho(double epsilon, double tau) {
    return tau == 1 ? Double.POSITIVE_INFINITY : epsilon * tau / (1 - tau);
  }

  /** tau = rho / (rho + eps), the inverse of {@link #rho(double, double)}. */
  public static double tau(double epsilon, double rho) {
    return rho == Double.POSITIVE_INFINITY ? 1 : rho / (rho + epsilon);
  }
}
